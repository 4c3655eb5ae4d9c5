// GOV.UK Frontend's hook: components style themselves for JavaScript only when it runs.
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
