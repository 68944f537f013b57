// Site-wide behaviour, kept small. After a form was not saved, move focus to the error summary so the
// eye and a screen reader start at the list of what to fix (NL Design System form pattern).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".kr-error-summary");
  if (summary) {
    summary.focus();
    return;
  }
  // After a successful save, the confirmation is at the top of the page: make sure it is in view.
  const done = document.querySelector(".kr-messages [role=status]");
  if (done) done.scrollIntoView({ block: "nearest" });
});
