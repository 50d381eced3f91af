// Live parts of the dashboard: the tabs of a container's page, the log filter, the stats
// charts (uPlot, fed by the stats event stream), the processes tab, and select-all on the
// containers list. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  var MAX_POINTS = 120;

  function byId(id) { return document.getElementById(id); }

  // --- select all on the containers list --------------------------------------------
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "select-all") {
      document.querySelectorAll('input[name="ids"]').forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
  });

  // --- log filter ------------------------------------------------------------------------
  function filterLines() {
    var input = byId("log-filter");
    var logs = byId("logs");
    if (!input || !logs) { return; }
    var needle = input.value.toLowerCase();
    logs.querySelectorAll(".line").forEach(function (line) {
      line.hidden = needle !== "" && line.textContent.toLowerCase().indexOf(needle) < 0;
    });
  }

  function followLogs() {
    var logs = byId("logs");
    if (!logs) { return; }
    filterLines();
    // Keep following the end unless the reader scrolled up.
    if (logs.scrollHeight - logs.scrollTop - logs.clientHeight < 80) {
      logs.scrollTop = logs.scrollHeight;
    }
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "log-filter") { filterLines(); }
  });
  document.addEventListener("htmx:sseMessage", followLogs);

  // --- stats ---------------------------------------------------------------------------------
  var stats = null;

  function mib(bytes) { return bytes / 1048576; }

  function formatBytes(bytes) {
    if (bytes == null) { return "no limit"; }
    if (bytes >= 1073741824) { return (bytes / 1073741824).toFixed(2) + " GiB"; }
    if (bytes >= 1048576) { return (bytes / 1048576).toFixed(1) + " MiB"; }
    return (bytes / 1024).toFixed(0) + " KiB";
  }

  function makeChart(element, series, data) {
    // A chart from an earlier connection is replaced, not drawn beside.
    element.replaceChildren();
    var width = Math.max(200, element.clientWidth || 320);
    var opts = {
      width: width,
      height: 180,
      legend: { show: true },
      cursor: { show: true },
      scales: { x: { time: true } },
      series: [{}].concat(series),
      axes: [{}, { size: 50 }]
    };
    return new uPlot(opts, data, element);
  }

  function startStats(panel) {
    if (stats || typeof uPlot === "undefined") { return; }
    var status = byId("stats-status");
    var colours = { a: "#1f5fbf", b: "#b42318", c: "#135c2c", d: "#6b4a00" };
    var data = { t: [], cpu: [], throttled: [], cpuLimit: [], ws: [], usage: [], memLimit: [], rx: [], tx: [],
      pids: [], pidsLimit: [] };
    var charts = {
      cpu: makeChart(byId("chart-cpu"), [
        { label: "CPU %", stroke: colours.a, width: 2 },
        { label: "throttled %", stroke: colours.b, width: 2 },
        { label: "limit %", stroke: colours.d, dash: [6, 4] }], [[], [], [], []]),
      memory: makeChart(byId("chart-memory"), [
        { label: "working set MiB", stroke: colours.a, width: 2 },
        { label: "usage MiB", stroke: colours.c },
        { label: "limit MiB", stroke: colours.b, dash: [6, 4] }], [[], [], [], []]),
      network: makeChart(byId("chart-network"), [
        { label: "received KiB/s", stroke: colours.a, width: 2 },
        { label: "sent KiB/s", stroke: colours.c, width: 2 }], [[], [], []]),
      pids: makeChart(byId("chart-pids"), [
        { label: "processes", stroke: colours.a, width: 2 },
        { label: "limit", stroke: colours.b, dash: [6, 4] }], [[], [], []])
    };
    var previous = null;
    var source = new EventSource(panel.getAttribute("data-stats-url"), { withCredentials: true });
    stats = { source: source, charts: charts };
    status.textContent = "Connecting…";

    function push(array, value) {
      array.push(value);
      if (array.length > MAX_POINTS) { array.shift(); }
    }

    source.addEventListener("stats", function (event) {
      var s = JSON.parse(event.data);
      var t = Date.parse(s.read) / 1000;
      var throttledShare = 0;
      var rx = 0, tx = 0;
      if (previous) {
        var periods = s.cpu.periods - previous.cpu.periods;
        throttledShare = periods > 0 ? 100 * (s.cpu.throttledPeriods - previous.cpu.throttledPeriods) / periods : 0;
        var seconds = t - Date.parse(previous.read) / 1000;
        if (s.network && previous.network && seconds > 0) {
          rx = (s.network.rxBytes - previous.network.rxBytes) / 1024 / seconds;
          tx = (s.network.txBytes - previous.network.txBytes) / 1024 / seconds;
        }
      }
      previous = s;
      push(data.t, t);
      push(data.cpu, s.cpu.percent != null ? s.cpu.percent : null);
      push(data.throttled, throttledShare);
      push(data.cpuLimit, s.cpu.limitCpus != null ? s.cpu.limitCpus * 100 : null);
      push(data.ws, mib(s.memory.workingSetBytes));
      push(data.usage, mib(s.memory.usageBytes));
      push(data.memLimit, s.memory.limitBytes != null ? mib(s.memory.limitBytes) : null);
      push(data.rx, rx);
      push(data.tx, tx);
      push(data.pids, s.pids.current);
      push(data.pidsLimit, s.pids.limit != null ? s.pids.limit : null);
      charts.cpu.setData([data.t, data.cpu, data.throttled, data.cpuLimit]);
      charts.memory.setData([data.t, data.ws, data.usage, data.memLimit]);
      charts.network.setData([data.t, data.rx, data.tx]);
      charts.pids.setData([data.t, data.pids, data.pidsLimit]);
      ["chart-cpu", "chart-memory", "chart-network", "chart-pids"].forEach(function (id) {
        byId(id).setAttribute("data-points", String(data.t.length));
      });
      byId("now-cpu").textContent = (s.cpu.percent != null ? s.cpu.percent.toFixed(1) + " %" : "measuring…") +
        (s.cpu.limitCpus != null ? " (limit " + s.cpu.limitCpus + " CPUs)" : "");
      byId("now-throttled").textContent = s.cpu.throttledPeriods + " of " + s.cpu.periods + " periods, " +
        (s.cpu.throttledNanos / 1e9).toFixed(2) + " s in total";
      byId("now-memory").textContent = formatBytes(s.memory.workingSetBytes) + " working set, " +
        formatBytes(s.memory.usageBytes) + " used of " + formatBytes(s.memory.limitBytes) +
        (s.memory.peakBytes != null ? ", peak " + formatBytes(s.memory.peakBytes) : "");
      byId("now-network").textContent = s.network ? formatBytes(s.network.rxBytes) + " received (" +
        s.network.rxPackets + " packets), " + formatBytes(s.network.txBytes) + " sent (" + s.network.txPackets +
        " packets)" : "no network namespace";
      byId("now-pids").textContent = s.pids.current + (s.pids.limit != null ? " of " + s.pids.limit : "");
      status.textContent = "Live: one reading per second.";
    });
    source.addEventListener("end", function (event) {
      status.textContent = "The container is " + JSON.parse(event.data).state + "; readings stopped.";
      stopStats();
    });
    source.onerror = function () {
      // CONNECTING: the browser retries by itself after a dropped connection. CLOSED: the
      // server refused (409, the container is not running) or ended for good.
      if (source.readyState === EventSource.CLOSED && stats && stats.source === source) {
        status.textContent = "No readings: the container is not running.";
        stopStats();
      }
    };
  }

  // Charts follow the width of their column (a phone turned, a window resized).
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    if (resizeTimer) { clearTimeout(resizeTimer); }
    resizeTimer = setTimeout(function () {
      if (!stats) { return; }
      ["cpu", "memory", "network", "pids"].forEach(function (name) {
        var element = byId("chart-" + name);
        stats.charts[name].setSize({ width: Math.max(200, element.clientWidth), height: 180 });
      });
    }, 150);
  });

  function stopStats() {
    if (!stats) { return; }
    stats.source.close();
    stats = null;
  }

  // --- processes -----------------------------------------------------------------------------
  var processTimer = null;

  function refreshProcesses() {
    var target = byId("processes");
    if (target && typeof htmx !== "undefined") { htmx.trigger(target, "bh-refresh"); }
  }

  // --- tabs (WAI-ARIA tabs pattern: arrows move, Enter/Space or click selects) ---------------
  function selectTab(tab, focus) {
    var list = tab.closest('[role="tablist"]');
    list.querySelectorAll('[role="tab"]').forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      var panel = byId(other.getAttribute("aria-controls"));
      if (panel) { panel.hidden = !selected; }
    });
    if (focus) { tab.focus(); }
    var name = tab.id.replace("tab-", "");
    if (history.replaceState) { history.replaceState(null, "", "#" + name); }
    if (name === "stats") { startStats(byId("panel-stats")); } else { stopStats(); }
    if (processTimer) { clearInterval(processTimer); processTimer = null; }
    if (name === "processes") {
      refreshProcesses();
      processTimer = setInterval(refreshProcesses, 3000);
    }
    if (name === "logs") { followLogs(); }
  }

  document.addEventListener("click", function (event) {
    var tab = event.target.closest ? event.target.closest('[role="tab"]') : null;
    if (tab) { selectTab(tab, false); }
  });

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest ? event.target.closest('[role="tab"]') : null;
    if (!tab) { return; }
    var tabs = Array.prototype.slice.call(tab.closest('[role="tablist"]').querySelectorAll('[role="tab"]'));
    var index = tabs.indexOf(tab);
    var next = null;
    if (event.key === "ArrowRight") { next = tabs[(index + 1) % tabs.length]; }
    if (event.key === "ArrowLeft") { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
    if (event.key === "Home") { next = tabs[0]; }
    if (event.key === "End") { next = tabs[tabs.length - 1]; }
    if (next) {
      event.preventDefault();
      selectTab(next, true);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var initial = location.hash ? byId("tab-" + location.hash.substring(1)) : null;
    if (initial && initial.getAttribute("role") === "tab") { selectTab(initial, false); }
    followLogs();
  });
})();
