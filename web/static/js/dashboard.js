// The dashboard's two bar charts (Chart.js); the tables beside them hold the same figures.
(() => {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const common = { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } },
                   scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  if (!window.Chart) return;
  new Chart(document.getElementById("chart-stages"), { type: "bar", options: common,
    data: { labels: data.stages.labels, datasets: [{ data: data.stages.values, backgroundColor: "#0b4f9c" }] } });
  new Chart(document.getElementById("chart-provinces"), { type: "bar", options: common,
    data: { labels: data.provinces.labels, datasets: [{ data: data.provinces.values, backgroundColor: "#8b0000" }] } });
  document.body.dataset.charts = "ready";
})();
