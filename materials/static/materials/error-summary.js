// Moves focus to the error summary after a failed submit so screen readers announce it.
(function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
