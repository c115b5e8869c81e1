// 常用语: a phrase chosen in <select data-fills="ID"> is added to the textarea ID (after what
// is already written), then the choice is cleared so that the same phrase can be added again.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-fills]");
  if (!select || !select.value) return;
  const target = document.getElementById(select.dataset.fills);
  if (!target) return;
  const current = target.value.trimEnd();
  target.value = current ? `${current}${select.value}` : select.value;
  select.value = "";
  target.focus();
});
