// The reports' charts (Chart.js from Debian's libjs-chart.js, /static/chart.min.js), drawn from the
// figures the page carries as JSON (#report-data) — the same numbers as the tables beside them,
// which stay the page's content: without this script, or without Chart.js, the page is complete.
// The load by hour and weekday needs no script: it is a table coloured by CSS classes.
(function () {
  'use strict';
  var source = document.getElementById('report-data');
  if (!source || !window.Chart) return;
  var data = JSON.parse(source.textContent);
  var words = data.words || {};
  var amber = '#ffc247', sky = '#6ec6ff', red = '#ff6b6b', green = '#3ddc84';
  Chart.defaults.color = '#c9d4e5';
  Chart.defaults.borderColor = 'rgba(201, 212, 229, 0.25)';
  Chart.defaults.font.family = '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans", sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  window.hallqCharts = {};

  function show(id) {
    var figure = document.getElementById(id);
    if (figure) figure.hidden = false;
  }

  // Waits against the target: the median and the 90th percentile per period, the target as a line.
  var periods = data.periods || [];
  if (periods.length && document.getElementById('chart-waits')) {
    show('figure-waits');
    window.hallqCharts.waits = new Chart(document.getElementById('chart-waits'), {
      type: 'line',
      data: {
        labels: periods.map(function (p) { return p.label; }),
        datasets: [
          { label: words.p50, data: periods.map(function (p) { return p.p50; }), borderColor: sky, backgroundColor: sky },
          { label: words.p90, data: periods.map(function (p) { return p.p90; }), borderColor: amber, backgroundColor: amber },
          { label: words.target, data: periods.map(function () { return data.target; }), borderColor: red,
            backgroundColor: red, borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: words.minutes } } } }
    });
  }

  // The clerks compared: served, mean service time, satisfaction — one small bar chart each.
  var clerks = data.clerks || [];
  function bars(id, label, values, colour, max) {
    var canvas = document.getElementById(id);
    if (!canvas) return null;
    var y = { beginAtZero: true };
    if (max) y.max = max;
    return new Chart(canvas, {
      type: 'bar',
      data: { labels: clerks.map(function (c) { return c.name; }),
              datasets: [{ label: label, data: values, backgroundColor: colour }] },
      options: { indexAxis: 'y', scales: { x: y }, plugins: { title: { display: true, text: label } } }
    });
  }
  // Staffing advice: the windows advised per hour as bars, the tickets expected as a line on its own axis.
  var staffing = data.staffing || [];
  if (staffing.length && document.getElementById('chart-staffing')) {
    show('figure-staffing');
    window.hallqCharts.staffing = new Chart(document.getElementById('chart-staffing'), {
      type: 'bar',
      data: {
        labels: staffing.map(function (h) { return h.label; }),
        datasets: [
          { label: words.windows, data: staffing.map(function (h) { return h.windows; }), backgroundColor: sky,
            yAxisID: 'windows', order: 2 },
          // order: the line drawn over the bars, not behind them
          { type: 'line', label: words.arrivals, data: staffing.map(function (h) { return h.arrivals; }),
            borderColor: amber, backgroundColor: amber, yAxisID: 'arrivals', order: 1 }
        ]
      },
      options: { scales: {
        windows: { position: 'left', beginAtZero: true, grace: 1, ticks: { precision: 0 },
                   title: { display: true, text: words.windows } },
        arrivals: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                    title: { display: true, text: words.arrivals } } } }
    });
  }

  if (clerks.length) {
    show('figure-clerks');
    window.hallqCharts.clerksServed = bars('chart-clerks-served', words.served,
      clerks.map(function (c) { return c.served; }), sky);
    window.hallqCharts.clerksService = bars('chart-clerks-service', words.service_mean + ' (' + words.minutes + ')',
      clerks.map(function (c) { return c.service_mean; }), amber);
    window.hallqCharts.clerksSatisfaction = bars('chart-clerks-satisfaction', words.satisfaction + ' (%)',
      clerks.map(function (c) { return c.satisfaction; }), green, 100);
  }
})();
