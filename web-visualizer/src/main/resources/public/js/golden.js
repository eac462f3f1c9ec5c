/*
 * /golden page logic: lists the golden cases, streams their checks on both twins (SSE) into the
 * table (worst error per twin, verdict; click a row for the per-tensor report), and fills the
 * speed table from the server (bench JSON rows, plus quick rows timed on request over SSE).
 * Not here: the checks themselves (GoldenChecker on the server).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);

  function worst(twin) {
    if (!twin) return "";
    if (twin.error) return "error";
    let m = 0;
    for (const t of twin.tensors) m = Math.max(m, typeof t.maxAbs === "number" ? t.maxAbs : Infinity);
    return WB.fmt(m);
  }

  function fill(r) {
    const tr = document.querySelector(`tr[data-case="${CSS.escape(r.id)}"]`);
    if (!tr) return;
    tr.cells[2].textContent = worst(r.twins.naive);
    tr.cells[3].textContent = worst(r.twins.vectorized);
    tr.cells[4].innerHTML = r.ok ? '<span class="ok">OK</span>' : '<span class="bad">NOT OK</span>';
    tr.dataset.ok = String(r.ok);
    tr.className = "click";
    tr.onclick = () => toggle(tr, r);
  }

  function toggle(tr, r) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains("detail")) { next.remove(); return; }
    const d = document.createElement("tr");
    d.className = "detail";
    const td = document.createElement("td");
    td.colSpan = 5;
    const names = r.twins.naive ? r.twins.naive.tensors : [];
    const vec = new Map(((r.twins.vectorized || {}).tensors || []).map(t => [t.name, t]));
    let html = `<div class="muted">${r.description}</div><table class="data"><tr><th>tensor</th><th>shape</th><th class="num">naive max |err|</th><th class="num">vectorized max |err|</th><th>tolerance</th></tr>`;
    for (const t of names) {
      const v = vec.get(t.name);
      html += `<tr><td>${t.name}</td><td>${t.shape}</td><td class="num ${t.ok ? "" : "bad"}">${WB.fmt(t.maxAbs)}</td><td class="num ${v && !v.ok ? "bad" : ""}">${v ? WB.fmt(v.maxAbs) : ""}</td><td>${t.tolerance}</td></tr>`;
    }
    for (const [n, v] of vec) if (!names.some(t => t.name === n)) html += `<tr><td>${n}</td><td>${v.shape}</td><td></td><td class="num">${WB.fmt(v.maxAbs)}</td><td>${v.tolerance}</td></tr>`;
    for (const tw of ["naive", "vectorized"]) if (r.twins[tw] && r.twins[tw].error) html += `<tr><td colspan="5" class="bad">${tw}: ${r.twins[tw].error}</td></tr>`;
    td.innerHTML = html + "</table>";
    d.append(td);
    tr.after(d);
  }

  async function golden() {
    const c = await WB.json("/api/golden/cases");
    const tb = $("cases").tBodies[0];
    tb.innerHTML = "";
    for (const k of c.cases) {
      const tr = document.createElement("tr");
      tr.dataset.case = k.id;
      tr.innerHTML = `<td>${k.id}</td><td class="muted fn" title="${k.function}">${k.function}</td><td class="num"></td><td class="num"></td><td class="muted">pending</td>`;
      tb.append(tr);
    }
    const cached = await WB.json("/api/golden/results");
    for (const r of cached.results) fill(r);
    WB.status("loading", "checking " + c.cases.length + " golden cases on both twins ...");
    await WB.sse("/api/golden/run", {
      case: e => {
        fill(e.result);
        $("golden-progress").style.width = (100 * e.done / e.total).toFixed(0) + "%";
        $("golden-count").textContent = e.done + " / " + e.total;
      },
    });
    const bad = document.querySelectorAll('#cases tr[data-ok="false"]').length;
    WB.status("ready", `ready: ${c.cases.length} golden cases checked, ${bad} not OK`);
  }

  async function bench() {
    const b = await WB.json("/api/golden/bench");
    const peaks = [...new Set(b.rows.filter(r => r.peakGflops).map(r => r.threads + " thread" + (r.threads > 1 ? "s" : "") + ": " + r.peakGflops.toFixed(1) + " GFLOP/s"))];
    $("bench-note").textContent = (b.fileHint || b.fileError || ("rows from " + b.file))
      + (peaks.length ? " · measured FMA peak of this machine: " + peaks.join(", ") : " · % of peak is against the FMA peak measured at the start of the bench run");
    $("bench-run").disabled = !b.quickAvailable;
    const tb = $("bench").tBodies[0];
    tb.innerHTML = "";
    const naive = new Map();
    for (const r of b.rows) if (r.impl === "naive") naive.set(r.name + "|" + r.source, r.medianMs);
    for (const r of b.rows) {
      const n = naive.get(r.name + "|" + r.source);
      const tr = document.createElement("tr");
      tr.innerHTML = `<td>${r.name}</td><td>${r.impl}</td><td class="num">${r.threads}</td><td class="num">${r.medianMs.toFixed(2)}</td><td class="num">${r.gflops.toFixed(1)}</td>`
        + `<td class="num">${r.pctPeak.toFixed(1)}%</td><td class="num">${n && r.impl !== "naive" ? (n / r.medianMs).toFixed(1) + "x" : ""}</td><td class="muted">${r.source}</td>`;
      tb.append(tr);
    }
    if (!b.rows.length) tb.innerHTML = '<tr><td colspan="8" class="muted">no rows yet: press "Time quick rows here" or run ./workbench bench --json bench.json</td></tr>';
  }

  async function runBench() {
    $("bench-run").disabled = true;
    WB.status("loading", "timing quick kernel rows ...");
    await WB.sse("/api/golden/bench/run", { progress: p => { $("bench-progress").style.width = (100 * p.fraction).toFixed(0) + "%"; } });
    $("bench-progress").style.width = "100%";
    await bench();
    WB.status("ready", "ready: quick rows timed");
  }

  document.addEventListener("DOMContentLoaded", () => WB.guard(async () => {
    $("bench-run").onclick = () => WB.guard(runBench);
    await bench();
    await golden();
  }));
})();
