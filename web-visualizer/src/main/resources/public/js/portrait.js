/*
 * /portrait page logic: asks the server (PortraitController, which calls chapter 04's classes) for each
 * panel and draws it: the OS16 / OS8 dilation table and the ASPP taps of each rate over the feature map
 * (taps beyond the map land in the zero padding), the parameter / MAC table, the edge-correction stages
 * as pictures with their pixel counts, the blend variants side by side, the identity clone's changed
 * values, and the per-frame IoU / flicker / dtSSD curves of the smoothers with a frame strip.
 * Each panel's header names the Java it calls and links the lesson's sections.
 * Not here: computations (the server and the chapter's classes).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const st = { meta: null, os: {}, hover: null, temporal: null, req: 0 };
  const COLOURS = ["#344054", "#e07b39", "#1f5fbf", "#067647", "#b42318"];
  const num = id => encodeURIComponent($(id).value);

  // ---- panel headers ----
  function heads() {
    for (const p of st.meta.panels) {
      const el = document.querySelector(`#panel-${p.id} .stage-head`);
      el.innerHTML = "";
      const h = document.createElement("h2"); h.textContent = p.title;
      const j = document.createElement("div"); j.className = "muted"; j.textContent = "Java: " + p.java;
      const l = document.createElement("div"); l.className = "lesson"; l.append("Lesson: ");
      for (const link of p.lesson) {
        const a = document.createElement("a"); a.href = link.href; a.textContent = link.title; a.target = "_blank";
        a.className = link.found ? "lesson-link" : "lesson-link missing";
        l.append(a);
      }
      el.append(h, j, l);
    }
  }
  /** A picture with a caption: a bold title and, optionally, a smaller explanation. */
  function figure(parent, src, caption, width, detail) {
    const f = document.createElement("figure");
    const img = document.createElement("img"); img.src = src; img.alt = caption; img.className = "framed";
    if (width) img.style.width = width + "px";
    const c = document.createElement("figcaption");
    const b = document.createElement("b"); b.textContent = caption; c.append(b);
    if (detail) { const d = document.createElement("div"); d.textContent = detail; c.append(d); }
    f.append(img, c);
    parent.append(f);
    return new Promise(res => { img.onload = () => res(true); img.onerror = () => res(false); });
  }

  // ---- (a) output stride, dilations, ASPP ----
  async function structure() {
    const size = num("size");
    const [a, b] = await Promise.all([WB.json(`/api/portrait/structure?os=16&size=${size}`), WB.json(`/api/portrait/structure?os=8&size=${size}`)]);
    st.os = { 16: a, 8: b };
    const t = $("os-table");
    t.innerHTML = "<thead><tr><th>block</th><th class='num'>OS16 stride</th><th class='num'>dilation</th><th class='num'>OS8 stride</th><th class='num'>dilation</th></tr></thead>";
    const body = document.createElement("tbody");
    for (let s = 0; s < a.stages.length; s++) {
      const sa = a.stages[s], sb = b.stages[s];
      const head = document.createElement("tr");
      head.innerHTML = `<td><b>${sa.name}</b> → (${sa.shape.join(", ")}) | (${sb.shape.join(", ")})</td><td class="num">/${sa.stride}</td><td></td><td class="num">/${sb.stride}</td><td></td>`;
      body.append(head);
      for (let k = 0; k < sa.blocks.length; k++) {
        const x = sa.blocks[k], y = sb.blocks[k], tr = document.createElement("tr");
        tr.dataset.block = x.name;
        tr.innerHTML = `<td>&nbsp;&nbsp;${x.name}</td><td class="num">${x.stride}</td><td class="num${x.dilation > 1 ? " ok" : ""}">${x.dilation}</td>`
          + `<td class="num">${y.stride}</td><td class="num${y.dilation > 1 ? " ok" : ""}">${y.dilation}</td>`;
        body.append(tr);
      }
    }
    t.append(body);
    drawAspp();
  }
  function drawAspp() {
    const s = st.os[$("aspp-os").value];
    if (!s) return;
    const F = s.featureSize, rates = s.aspp.filter(b => b.dilation > 1);
    const pad = Math.max(...rates.map(b => b.padding));
    const cv = $("aspp"), g = cv.getContext("2d"), W = cv.width, cell = W / (F + 2 * pad);
    const c = st.hover || [Math.floor(F / 2), Math.floor(F / 2)];
    g.fillStyle = "#fff"; g.fillRect(0, 0, W, W);
    g.fillStyle = "#f2f4f7"; g.fillRect(0, 0, W, W);                         // padding area
    g.fillStyle = "#e8f0fd"; g.fillRect(pad * cell, pad * cell, F * cell, F * cell);   // the feature map
    g.strokeStyle = "#98a2b3"; g.strokeRect(pad * cell + 0.5, pad * cell + 0.5, F * cell, F * cell);
    let outside = [];
    rates.forEach((b, i) => {
      g.fillStyle = COLOURS[(i + 1) % COLOURS.length];
      let out = 0;
      for (const dy of [-1, 0, 1]) for (const dx of [-1, 0, 1]) {
        const y = c[0] + dy * b.dilation, x = c[1] + dx * b.dilation;
        if (y < 0 || y >= F || x < 0 || x >= F) out++;
        const px = (x + pad) * cell, py = (y + pad) * cell, r = Math.max(2.5, cell * 0.45);
        g.beginPath(); g.arc(px + cell / 2, py + cell / 2, r, 0, 2 * Math.PI); g.fill();
      }
      outside.push(`rate ${b.dilation}: ${out} of 9 taps in the padding` + (b.dilation >= F ? " (the rate is not smaller than the map: every off-centre tap reads padding, the branch acts as a 1x1 conv)" : ""));
    });
    g.fillStyle = "#101828"; g.fillRect((c[1] + pad) * cell, (c[0] + pad) * cell, Math.max(2, cell), Math.max(2, cell));
    $("aspp-note").textContent = `${s.model}: layer4 is ${F}x${F} for a ${s.size}x${s.size} input; ASPP 3x3 branches with dilation = padding = `
      + rates.map(b => b.dilation).join(", ") + ` (grey: zero padding around the map; the 1x1 branch and image pooling are not drawn). ` + outside.join("; ");
    cv.onmousemove = ev => {
      const r = cv.getBoundingClientRect(), x = Math.floor((ev.clientX - r.left) * W / r.width / cell) - pad, y = Math.floor((ev.clientY - r.top) * W / r.height / cell) - pad;
      if (x < 0 || y < 0 || x >= F || y >= F) return;
      if (st.hover && st.hover[0] === y && st.hover[1] === x) return;
      st.hover = [y, x];
      $("aspp-readout").textContent = `centre (y, x) = (${y}, ${x}) of ${F}x${F}`;
      drawAspp();
    };
  }
  async function complexity() {
    const c = await WB.json("/api/portrait/complexity");
    const t = $("complexity");
    t.innerHTML = "<thead><tr><th>model (21 classes)</th><th class='num'>OS</th><th class='num'>parameters</th><th class='num'>conv GMACs</th><th class='num'>layer4</th><th>checked against</th></tr></thead>";
    const body = document.createElement("tbody");
    for (const r of c.rows) {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td>${r.model}</td><td class="num">${r.outputStride}</td><td class="num">${r.parameters.toLocaleString("en")}</td>`
        + `<td class="num">${(r.macs / 1e9).toFixed(2)}</td><td class="num">${r.layer4}x${r.layer4}</td><td class="muted">${r.fact}</td>`;
      body.append(tr);
    }
    t.append(body);
    $("complexity-note").textContent = c.note;
  }

  // ---- (b) edge correction ----
  function edgeQuery() {
    const input = $("input").value, mask = $("mask").value;
    return `input=${encodeURIComponent(input)}` + (input !== "demo" && mask ? `&mask=${encodeURIComponent(mask)}` : "")
      + `&threshold=${num("threshold")}&kernel=${num("kernel")}&radius=${num("radius")}&eps=${num("eps")}&impl=${num("impl")}`;
  }
  const STAGE_LABELS = { picture: "picture", truth: "exact mask (demo only)", probability: "network probability", threshold: "p > threshold",
    largest: "largest component", filled: "holes filled", opened: "opened", mask: "cleaned mask (closed)", matte: "refined matte (guided filter)", band: "outline band" };
  async function edge() {
    const q = edgeQuery(), e = await WB.json("/api/portrait/edge?" + q);
    const px = e.pixels;
    $("edge-stats").textContent = `${e.label}, ${e.width}x${e.height}: ${e.components} component(s) after the threshold; person pixels `
      + `${px.threshold} → largest ${px.largest} → filled ${px.filled} → opened ${px.opened} → cleaned ${px.mask}; soft matte pixels ${e.softPixels}; `
      + `band (${e.bandWidth}x${e.bandWidth} ellipse) ${px.band} px; ${e.ops} guided filter ${e.ms.toFixed(1)} ms`
      + (e.iouWithTruth ? `; IoU with the exact mask: threshold ${e.iouWithTruth.threshold.toFixed(4)}, cleaned ${e.iouWithTruth.mask.toFixed(4)}, matte ${e.iouWithTruth.matte.toFixed(4)}` : "")
      + (e.empty ? " — nobody left after the clean-up: the matte is empty" : "");
    const box = $("edge-images"); box.innerHTML = "";
    const w = Math.min(240, e.width);
    await Promise.all(e.stages.map(s => figure(box, `/api/portrait/edge.png?${q}&stage=${s}`, STAGE_LABELS[s] || s, w)));
  }

  // ---- (c) blend variants and the identity clone ----
  async function blend() {
    const q = edgeQuery() + `&background=${num("background")}&flag=${num("flag")}&epsilon=${num("epsilon")}`;
    const b = await WB.json("/api/portrait/blend?" + q);
    const box = $("blend-images"); box.innerHTML = "";
    const w = Math.min(240, b.width), waits = [figure(box, `/api/portrait/blend.png?${q}&mode=background`, "background", w)];
    for (const m of b.modes) {
      waits.push(figure(box, `/api/portrait/blend.png?${q}&mode=${m.mode}`, `${m.mode} · ${m.ms.toFixed(0)} ms`,
        w, `${m.definition} [${m.source}]` + (m.note ? ". " + m.note : "")));
    }
    box.querySelectorAll("figure").forEach(f => f.dataset.mode = f.querySelector("img").src.split("mode=")[1]);
    $("blend-note").textContent = `Poisson solver: ${b.ops}. P6 equals P2 on this single frame: ${b.p6EqualsP2}.`;
    await Promise.all(waits);
  }
  async function identity() {
    const q = `w=${num("idw")}&h=${num("idh")}&impl=${num("impl")}`, r = await WB.json("/api/portrait/identity?" + q);
    const o = r.opencv, t = r.textbook;
    $("identity-stats").textContent = `seamlessClone(picture, picture, ${r.roi.w}x${r.roi.h} rectangle): of the ${o.values} values the solver writes, `
      + `OpenCV precision lowers ${o.minusOne} by one level (${o.percentMinusOne.toFixed(1)} %) and changes ${o.changed}; TEXTBOOK precision changes ${t.changed}.`;
    const box = $("identity-images"); box.innerHTML = "";
    await Promise.all([figure(box, `/api/portrait/identity.png?${q}&precision=opencv`, "OpenCV 4.6 precision: red = one level lower", 320),
      figure(box, `/api/portrait/identity.png?${q}&precision=textbook`, "TEXTBOOK precision (double, rounding)", 320)]);
  }

  // ---- (d) temporal metrics ----
  function plot(id, key) {
    const cv = $(id), g = cv.getContext("2d"), W = cv.width, H = cv.height, m = st.temporal.methods, pad = 28;
    const T = st.temporal.clip.frames, offset = key === "iou" ? 0 : 1;
    let hi = 0;
    for (const s of m) for (const v of s[key]) hi = Math.max(hi, v);
    hi = key === "iou" ? 1 : hi * 1.1 || 1;
    g.fillStyle = "#fff"; g.fillRect(0, 0, W, H);
    g.strokeStyle = "#d0d5dd"; g.strokeRect(pad + 0.5, 4.5, W - pad - 6, H - pad - 4);
    const x = t => pad + (t / (T - 1)) * (W - pad - 6), y = v => 4 + (1 - v / hi) * (H - pad - 4);
    g.fillStyle = "#667085"; g.font = "10px monospace";
    g.fillText(WB.fmt(hi), 1, 12); g.fillText("0", 14, H - pad + 4);
    for (let t = 0; t < T; t += 5) g.fillText(String(t), x(t) - 3, H - pad + 14);
    g.fillText("frame", W / 2 - 12, H - 2);
    m.forEach((s, i) => {
      g.strokeStyle = COLOURS[i % COLOURS.length]; g.lineWidth = s.id === "truth" ? 2.5 : 1.5;
      g.setLineDash(s.id === "truth" ? [5, 3] : []);
      g.beginPath();
      s[key].forEach((v, k) => { const px = x(k + offset), py = y(v); if (k) g.lineTo(px, py); else g.moveTo(px, py); });
      g.stroke();
    });
    g.setLineDash([]); g.lineWidth = 1;
    const f = Number($("frame").value);
    g.strokeStyle = "#98a2b3"; g.beginPath(); g.moveTo(x(f) + 0.5, 4); g.lineTo(x(f) + 0.5, H - pad); g.stroke();
  }
  function strip() {
    const q = temporalQuery() + "&t=" + $("frame").value;
    $("strip").src = "/api/portrait/temporal.png?" + q;
    $("frame-label").textContent = "t = " + $("frame").value;
    if (st.temporal) { plot("plot-iou", "iou"); plot("plot-flicker", "flicker"); plot("plot-dtssd", "dtssd"); }
  }
  const temporalQuery = () => `beta=${num("beta")}&gate=${num("gate")}&low=${num("low")}&high=${num("high")}`;
  async function temporal() {
    st.temporal = await WB.json("/api/portrait/temporal?" + temporalQuery());
    const c = st.temporal.clip, truth = st.temporal.methods[0];
    $("frame").max = c.frames - 1;
    $("clip-note").textContent = `${c.case}: ${c.frames} frames of ${c.width}x${c.height}, ${c.about}.`;
    const t = $("temporal-table");
    t.innerHTML = "<thead><tr><th>method</th><th class='num'>mean IoU</th><th class='num'>naive flicker</th><th class='num'>dtSSD</th><th></th></tr></thead>";
    const body = document.createElement("tbody");
    for (const m of st.temporal.methods) {
      const tr = document.createElement("tr"); tr.dataset.method = m.id;
      const lags = m.id !== "truth" && m.meanFlicker < truth.meanFlicker;
      tr.innerHTML = `<td>${m.label}</td><td class="num">${m.meanIou.toFixed(4)}</td><td class="num${lags ? " bad" : ""}">${m.meanFlicker.toFixed(5)}</td>`
        + `<td class="num">${m.meanDtssd.toFixed(3)}</td><td class="muted">${lags ? "flickers less than the truth itself: it lags" : ""}</td>`;
      body.append(tr);
    }
    t.append(body);
    const lg = $("temporal-legend"); lg.innerHTML = "";
    st.temporal.methods.forEach((m, i) => { const s = document.createElement("span"); s.style.color = COLOURS[i % COLOURS.length]; s.textContent = "■ " + m.label + "  "; lg.append(s); });
    strip();
  }

  // ---- inputs ----
  function fillPictures(keepInput, keepMask) {
    WB.options($("input"), st.meta.pictures, keepInput);
    const masks = [{ id: "", label: "(demo: its own probability)" }].concat(st.meta.pictures.filter(p => p.id !== "demo"));
    WB.options($("mask"), masks, keepMask);
    WB.options($("background"), st.meta.backgrounds.map(b => ({ id: b, label: b }))
      .concat(st.meta.pictures.filter(p => p.id !== "demo")), $("background").value);
  }
  /** Runs panels in order; only the latest request sets the status line, so an older run finishing late cannot claim "ready". */
  async function runAll(what) {
    const my = ++st.req;
    WB.status("loading", "computing " + what.map(f => f.name).join(", "));
    await WB.guard(async () => {
      for (const f of what) await f();
      if (my === st.req) WB.status("ready", "ready: " + st.meta.pictures.length + " picture(s); panels " + what.map(f => f.name).join(", "));
    });
  }
  async function init() {
    await WB.guard(async () => {
      st.meta = await WB.json("/api/portrait/inputs");
      heads();
      fillPictures("demo", "");
      WB.options($("flag"), st.meta.flags.map(f => ({ id: f, label: f })), "NORMAL");
      WB.uploader($("upload"), ".png,.jpg,.jpeg,.bmp,.gif", async a => {
        const keep = $("input").value;
        st.meta = await WB.json("/api/portrait/inputs");
        // the first upload is the picture, the next one its mask
        if (keep === "demo") fillPictures(a.id, ""); else fillPictures(keep, a.id);
        if ($("input").value !== "demo" && $("mask").value) await runAll([edge, blend]);
        else { st.req++; WB.status("ready", "ready: uploaded " + a.id + "; now upload or pick its mask"); }
      });
      for (const id of ["size"]) $(id).onchange = () => runAll([structure]);
      $("aspp-os").onchange = drawAspp;
      for (const id of ["input", "mask", "threshold", "kernel", "radius", "eps"]) $(id).onchange = () => runAll([edge, blend]);
      $("impl").onchange = () => runAll([edge, blend, identity]);
      for (const id of ["background", "flag", "epsilon"]) $(id).onchange = () => runAll([blend]);
      for (const id of ["idw", "idh"]) $(id).onchange = () => runAll([identity]);
      $("idpreset").onchange = () => {
        if (!$("idpreset").value) return;
        [$("idw").value, $("idh").value] = $("idpreset").value.split("x");
        runAll([identity]);
      };
      for (const id of ["beta", "gate", "low", "high"]) $(id).onchange = () => runAll([temporal]);
      $("frame").oninput = strip;
      await runAll([structure, edge, blend, identity, temporal, complexity]);
    });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
