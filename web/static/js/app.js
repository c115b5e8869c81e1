// Behaviour every page may use, declared in the markup (the Content-Security-Policy allows
// no inline handlers): <select data-autosubmit> submits its form on change, and
// <button data-print> prints the page.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) event.target.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
