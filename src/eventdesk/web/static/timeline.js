/* eventdesk dashboard, the timeline: events (bars) and fatalities (dots) over time from
 * /api/stats. A short span is drawn per day; a longer one is summed per week or per month so that
 * the bars stay readable when a store covers years. Dragging across it sets the date filters. */
"use strict";

(function (ED) {
  const { $ } = ED;
  let timelineData = [];

  // The bin for a span of `days` days: [name, d3 interval, label of one bin's start].
  const BINS = [
    [120, "day", d3.utcDay, "%Y-%m-%d"],
    [730, "week", d3.utcMonday, "week of %Y-%m-%d"],
    [Infinity, "month", d3.utcMonth, "%Y-%m"],
  ];

  function chooseBin(lo, hi) {
    const days = d3.utcDay.count(lo, hi);
    const [, name, interval, label] = BINS.find(([most]) => days <= most);
    return { name, interval, format: d3.utcFormat(label) };
  }

  // Per-day rows summed into bins: [{start, end, events, fatalities}], in date order.
  function binned(days, interval) {
    const sums = new Map();
    for (const d of days) {
      const start = interval.floor(d.day);
      const key = start.getTime();
      const row = sums.get(key) || { start, end: interval.offset(start, 1), events: 0, fatalities: 0 };
      row.events += d.events;
      row.fatalities += d.fatalities;
      sums.set(key, row);
    }
    return [...sums.values()].sort((a, b) => a.start - b.start);
  }

  const relayout = ED.relayout;
  ED.relayout = () => { relayout(); ED.drawTimeline(); };

  ED.setTimeline = function (byDay) {
    timelineData = byDay || [];
    ED.drawTimeline();
  };

  ED.drawTimeline = function () {
    const svg = d3.select("#timeline-svg");
    svg.selectAll("*").remove();
    const node = svg.node();
    const width = node.clientWidth || 600, height = node.clientHeight || 150;
    const m = { top: 16, right: 40, bottom: 20, left: 36 };
    const parse = d3.utcParse("%Y-%m-%d");
    const days = timelineData.filter((d) => d.date)
      .map((d) => ({ day: parse(d.date), events: d.events, fatalities: d.fatalities || 0 }))
      .filter((d) => d.day !== null);
    if (!days.length) {
      delete node.dataset.bin;
      svg.append("text").attr("class", "label").attr("x", 10).attr("y", 20).text("no dated events");
      return;
    }
    const [lo, hi] = d3.extent(days, (d) => d.day);
    const bin = chooseBin(lo, hi);
    node.dataset.bin = bin.name;
    const data = binned(days, bin.interval);
    const first = data[0].start, last = data[data.length - 1].end;
    const pad = bin.name === "day" ? 1 : 0;
    const x = d3.scaleUtc().domain([d3.utcDay.offset(first, -pad), d3.utcDay.offset(last, pad)])
      .range([m.left, width - m.right]);
    const y = d3.scaleLinear().domain([0, d3.max(data, (d) => d.events) || 1]).nice()
      .range([height - m.bottom, m.top]);
    const yf = d3.scaleLinear().domain([0, d3.max(data, (d) => d.fatalities) || 1]).nice()
      .range([height - m.bottom, m.top]);
    // one bin's width on screen, a pixel of gap between neighbours, at most 14 px
    const bw = (d) => Math.max(1, Math.min(14, x(d.end) - x(d.start) - 1));
    const mid = (d) => (x(d.start) + x(d.end)) / 2;
    svg.append("g").selectAll("rect").data(data).join("rect").attr("class", "bar")
      .attr("data-events", (d) => d.events)
      .attr("x", (d) => mid(d) - bw(d) / 2).attr("width", bw)
      .attr("y", (d) => y(d.events)).attr("height", (d) => y(0) - y(d.events))
      .append("title").text((d) => `${bin.format(d.start)}: ${d.events} events, ${d.fatalities} dead`);
    svg.append("g").selectAll("circle").data(data.filter((d) => d.fatalities > 0)).join("circle")
      .attr("class", "fat").attr("cx", mid).attr("cy", (d) => yf(d.fatalities)).attr("r", 2.5);
    svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - m.bottom})`)
      .call(d3.utcDay.count(lo, hi) < 8
        ? d3.axisBottom(x).ticks(d3.utcDay.every(1)).tickFormat(d3.utcFormat("%b %d"))
        : d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 90))));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${m.left},0)`)
      .call(d3.axisLeft(y).ticks(4));
    svg.append("g").attr("class", "axis").attr("transform", `translate(${width - m.right},0)`)
      .call(d3.axisRight(yf).ticks(4));
    svg.append("text").attr("class", "label").attr("x", m.left).attr("y", 11)
      .text(width < 560
        ? `events/${bin.name} (bars) · dead/${bin.name} (dots) — drag: dates`
        : `events per ${bin.name} (bars, left axis) · fatalities per ${bin.name} ` +
          "(red dots, right axis) — drag to pick dates");
    const brush = d3.brushX().extent([[m.left, m.top], [width - m.right, height - m.bottom]])
      .on("end", (ev) => {
        if (!ev.selection || !ev.sourceEvent) return;
        const [a, b] = ev.selection.map(x.invert);
        $("#f-since").value = d3.utcFormat("%Y-%m-%d")(d3.utcDay.floor(a));
        $("#f-until").value = d3.utcFormat("%Y-%m-%d")(d3.utcDay.floor(b));
        ED.refresh();
      });
    svg.append("g").attr("class", "brush").call(brush);
  };
})(window.ED);
