// Starts GOV.UK Frontend's components (a module, so only browsers it supports run it).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";

initAll();
