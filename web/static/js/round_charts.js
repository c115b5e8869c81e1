// A round's milestones by province and by zone (Chart.js grouped bars); the table holds the figures.
(() => {
  const data = JSON.parse(document.getElementById("round-chart-data").textContent);
  if (!window.Chart) return;
  const colours = ["#0b4f9c", "#2e7d32", "#c77700", "#8b0000"];
  const options = { responsive: true, maintainAspectRatio: false,
                    scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
  const draw = (id, series) => new Chart(document.getElementById(id), { type: "bar", options,
    data: { labels: series.labels, datasets: series.datasets.map((d, i) =>
      ({ label: d.label, data: d.values, backgroundColor: colours[i % colours.length] })) } });
  draw("chart-round-provinces", data.provinces);
  draw("chart-round-zones", data.zones);
  document.body.dataset.roundCharts = "ready";
})();
