// The generator runs for a few seconds: say so while the page waits for the result.
document.getElementById("generate-form")?.addEventListener("submit", function () {
  var status = document.getElementById("generate-status");
  status.classList.remove("govuk-visually-hidden");
  status.textContent = "Generating the proposal. This takes a few seconds – the result page opens when it is ready.";
});
