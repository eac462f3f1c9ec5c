/*
 * /ssd page logic: draws the input and SSD300's default boxes (per level, per aspect-ratio kind),
 * the count table (sums to 8732), a clicked cell's boxes, a dragged ground-truth box with its
 * matches (torchvision's SSDMatcher vs caffe's MatchBBox) and hard negatives, and detections after
 * NMS (the forward pass runs over SSE with progress).
 * Not here: computations (the server's SsdController).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const COLOURS = ["#e8590c", "#2f9e44", "#1971c2", "#9c36b5", "#c2255c", "#0c8599"];
  const S = 2;                                            // screen pixels per input pixel
  const st = { meta: null, boxes: null, img: null, level: 3, kinds: new Set(), cell: null, gts: [], match: null, drag: null, dets: null };

  async function loadLists(keepModel, keepInput) {
    const m = await WB.json("/api/ssd/inputs");
    WB.options($("model"), m.models, keepModel);
    WB.options($("input"), m.inputs, keepInput);
  }

  async function loadPriors() {
    st.meta = await WB.json("/api/ssd/priors");
    const b = await WB.floats("/api/ssd/priors.bin");
    st.boxes = b.data;
    const sel = $("level");
    sel.innerHTML = "";
    const all = document.createElement("option"); all.value = "-1"; all.textContent = "all levels"; sel.append(all);
    for (const l of st.meta.levels) { const o = document.createElement("option"); o.value = l.level; o.textContent = `level ${l.level}: ${l.fmap}x${l.fmap}`; sel.append(o); }
    sel.value = String(st.level);
    const tb = $("counts").tBodies[0];
    tb.innerHTML = "";
    let total = 0;
    for (const l of st.meta.levels) {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td><span style="color:${COLOURS[l.level]}">&#9632;</span> ${l.level}</td><td class="num">${l.fmap}x${l.fmap}</td><td class="num">${l.step}</td><td class="num">${l.anchorsPerLocation}</td><td class="num">${l.count}</td>`;
      tb.append(tr);
      total += l.count;
    }
    $("total").textContent = String(total);
    const kinds = $("kinds");
    kinds.innerHTML = "Aspect ratios: ";
    for (const k of ["1:1 s_k", "1:1 s'_k", "2:1", "1:2", "3:1", "1:3"]) {
      st.kinds.add(k);
      const lab = document.createElement("label");
      const cb = document.createElement("input"); cb.type = "checkbox"; cb.checked = true; cb.dataset.kind = k;
      cb.onchange = () => { cb.checked ? st.kinds.add(k) : st.kinds.delete(k); draw(); };
      lab.append(cb, document.createTextNode(k));
      kinds.append(lab, document.createTextNode(" "));
    }
  }

  async function loadImage() {
    st.img = await new Promise((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = () => rej({ error: "cannot load the input image" }); i.src = "/api/images/" + encodeURIComponent($("input").value) + "?size=300"; });
  }

  function boxRect(g, i, colour, width, dash) {
    const b = st.boxes;
    g.strokeStyle = colour; g.lineWidth = width; g.setLineDash(dash || []);
    g.strokeRect(b[i * 4] * S, b[i * 4 + 1] * S, (b[i * 4 + 2] - b[i * 4]) * S, (b[i * 4 + 3] - b[i * 4 + 1]) * S);
    g.setLineDash([]);
  }

  /** Indices of the boxes of level l, optionally only of cell (cy, cx), with the enabled kinds. */
  function boxesOf(l, cell) {
    const out = [];
    const lv = st.meta.levels[l], A = lv.anchorsPerLocation;
    const ys = cell ? [cell.y] : [...Array(lv.fmap).keys()], xs = cell ? [cell.x] : [...Array(lv.fmap).keys()];
    for (const y of ys) for (const x of xs) for (let a = 0; a < A; a++) {
      if (st.kinds.has(lv.kinds[a])) out.push(lv.offset + (y * lv.fmap + x) * A + a);
    }
    return out;
  }

  function draw() {
    const c = $("ssd-canvas"), g = c.getContext("2d");
    g.imageSmoothingEnabled = false;
    g.clearRect(0, 0, c.width, c.height);
    if (st.img) g.drawImage(st.img, 0, 0, 300 * S, 300 * S);
    const levels = st.level < 0 ? st.meta.levels.map(l => l.level) : [st.level];
    if (!st.match) {
      for (const l of levels) {
        const lv = st.meta.levels[l];
        if (st.level >= 0) {                              // the level's grid
          g.strokeStyle = "rgba(255,255,255,0.35)"; g.lineWidth = 1;
          for (let i = 1; i < lv.fmap; i++) {
            const p = i * 300 * S / lv.fmap;
            g.beginPath(); g.moveTo(p, 0); g.lineTo(p, 300 * S); g.moveTo(0, p); g.lineTo(300 * S, p); g.stroke();
          }
        }
        // every box of the level faintly, then one cell's boxes strongly (the clicked cell, else the centre one)
        const at = st.cell || { px: 150, py: 150 };
        const cell = { y: Math.min(lv.fmap - 1, Math.floor(at.py * lv.fmap / 300)), x: Math.min(lv.fmap - 1, Math.floor(at.px * lv.fmap / 300)) };
        if (st.level >= 0) {
          g.globalAlpha = boxesOf(l, null).length > 200 ? 0.08 : 0.18;
          for (const i of boxesOf(l, null)) boxRect(g, i, COLOURS[l], 1);
          const c = 300 * S / lv.fmap;
          g.globalAlpha = 0.35; g.fillStyle = COLOURS[l]; g.fillRect(cell.x * c, cell.y * c, c, c);
        }
        g.globalAlpha = 0.95;
        for (const i of boxesOf(l, cell)) boxRect(g, i, COLOURS[l], 2);
        g.globalAlpha = 1;
      }
    } else {
      for (const i of st.match.hardNegatives.indices) boxRect(g, i, "#d62828", 1);
      for (const i of st.match.torchvision.positives) boxRect(g, i, "#12a150", 2);
      for (const i of st.match.caffe.positives) boxRect(g, i, "#f08c00", 2, [6, 4]);
    }
    if (st.dets) {
      for (const d of st.dets.slice(0, 10)) {
        g.strokeStyle = "#1c7ed6"; g.lineWidth = 2;
        g.strokeRect(d.box[0] * S, d.box[1] * S, (d.box[2] - d.box[0]) * S, (d.box[3] - d.box[1]) * S);
        g.fillStyle = "#1c7ed6"; g.font = "12px sans-serif";
        g.fillText(d.name + " " + d.score.toFixed(3), d.box[0] * S + 2, d.box[1] * S + 12);
      }
    }
    for (const r of st.drag ? [...st.gts, st.drag] : st.gts) {
      g.strokeStyle = "#000"; g.lineWidth = 4; g.strokeRect(r[0] * S, r[1] * S, (r[2] - r[0]) * S, (r[3] - r[1]) * S);
      g.strokeStyle = "#fff"; g.lineWidth = 2; g.strokeRect(r[0] * S, r[1] * S, (r[2] - r[0]) * S, (r[3] - r[1]) * S);
    }
  }

  function pos(ev) {
    const r = $("ssd-canvas").getBoundingClientRect();
    return [Math.max(0, Math.min(300, (ev.clientX - r.left) * 300 / r.width)), Math.max(0, Math.min(300, (ev.clientY - r.top) * 300 / r.height))];
  }

  function onDown(ev) { st.dragStart = pos(ev); st.drag = null; }
  function onMove(ev) {
    if (!st.dragStart) return;
    const p = pos(ev), s = st.dragStart;
    if (Math.abs(p[0] - s[0]) + Math.abs(p[1] - s[1]) > 4) { st.drag = [Math.min(s[0], p[0]), Math.min(s[1], p[1]), Math.max(s[0], p[0]), Math.max(s[1], p[1])]; draw(); }
  }
  function onUp(ev) {
    const s = st.dragStart, d = st.drag;
    st.dragStart = null; st.drag = null;
    if (!s) return;
    if (d && d[2] - d[0] >= 2 && d[3] - d[1] >= 2) { WB.guard(() => matchBox(d)); return; }
    const p = pos(ev);                                    // a click: the cell under it
    st.cell = { px: p[0], py: p[1] }; st.match = null; st.gts = [];
    const notes = [];
    for (const l of (st.level < 0 ? st.meta.levels.map(x => x.level) : [st.level])) {
      const lv = st.meta.levels[l];
      const cy = Math.min(lv.fmap - 1, Math.floor(p[1] * lv.fmap / 300)), cx = Math.min(lv.fmap - 1, Math.floor(p[0] * lv.fmap / 300));
      notes.push(`level ${l}: cell (y, x) = (${cy}, ${cx}), ${boxesOf(l, { y: cy, x: cx }).length} boxes`);
    }
    $("cell-note").textContent = notes.join(" · ");
    draw();
    WB.status("ready", "ready: cell selected");
  }

  async function matchBox(b) {
    WB.status("loading", "matching (the first time runs the detector for the hard negatives) ...");
    if (st.gts.length >= 16) st.gts.shift();
    st.gts.push(b.map(v => Math.round(v * 10) / 10));
    st.cell = null;
    const m = await WB.postJson("/api/ssd/match", { boxes: st.gts, input: $("input").value, model: $("model").value });
    st.match = m;
    const per = m.boxes.map((x, i) => `box ${i} [${x.box.map(v => v.toFixed(0)).join(", ")}]: best prior #${x.bestPrior} (IoU ${x.bestIou.toFixed(3)})`);
    $("match").innerHTML = `<div>${per.join("<br>")}</div>`
      + `<div>the rules disagree on <b id="differ-count">${m.differ.length}</b> priors${m.differ.length ? " (#" + m.differ.slice(0, 8).join(", #") + ")" : ""}${st.gts.length < 2 ? " · draw a second, overlapping box to see them part" : ""}</div>`
      + `<div><b style="color:#12a150">torchvision</b>: <span id="tv-count">${m.torchvision.positives.length}</span> positives <span class="muted">${m.torchvision.rule}</span></div>`
      + `<div><b style="color:#f08c00">caffe</b>: <span id="caffe-count">${m.caffe.positives.length}</span> positives <span class="muted">${m.caffe.rule}</span></div>`
      + `<div><b style="color:#d62828">hard negatives</b>: <span id="neg-count">${m.hardNegatives.indices.length}</span> <span class="muted">${m.hardNegatives.rule}</span></div>`;
    draw();
    WB.status("ready", "ready: matched (" + m.torchvision.positives.length + " torchvision, " + m.caffe.positives.length + " caffe)");
  }

  async function detect() {
    WB.status("loading", "running the detector ...");
    $("detect-progress").style.width = "0%";
    const q = "model=" + encodeURIComponent($("model").value) + "&input=" + encodeURIComponent($("input").value);
    await WB.sse("/api/ssd/run?" + q, { progress: p => { $("detect-progress").style.width = (100 * p.fraction).toFixed(0) + "%"; } });
    $("detect-progress").style.width = "100%";
    const d = await WB.json("/api/ssd/detections?" + q);
    st.dets = d.detections;
    const list = d.detections.slice(0, 10).map(x => `${x.name} ${x.score.toFixed(3)} [${x.box.map(v => v.toFixed(0)).join(", ")}]`);
    $("detections").innerHTML = `<div id="det-count">${d.count} detections (${d.note}); the forward pass took ${d.millis.toFixed(0)} ms. Top 10:</div><div>${list.join("<br>")}</div>`;
    draw();
    WB.status("ready", "ready: " + d.count + " detections");
  }

  async function reload() {
    st.match = null; st.gts = []; st.dets = null; st.cell = null;
    $("match").textContent = "drag on the image to draw a ground-truth box"; $("detections").textContent = "";
    await loadImage();
    draw();
    WB.status("ready", "ready: " + st.meta.total + " default boxes");
  }

  document.addEventListener("DOMContentLoaded", () => WB.guard(async () => {
    WB.uploader($("upload"), ".png,.jpg,.jpeg,.gif,.bmp,.pth,.pt,.safetensors,.npz", async a => {
      await loadLists(a.kind === "ssd" ? a.id : $("model").value, a.kind === "image" ? a.id : $("input").value);
      if (a.kind === "ssd" || a.kind === "image") await reload();
      else WB.showError({ error: a.filename + " was recognised as " + a.kind + (a.model ? " (" + a.model + ")" : ""), hint: "this page takes images and torchvision's ssd300_vgg16 checkpoint" });
    });
    await loadLists("random", "shapes");
    await loadPriors();
    $("level").onchange = () => { st.level = Number($("level").value); st.match = null; st.gts = []; draw(); };
    $("clear").onclick = () => { st.match = null; st.gts = []; $("match").textContent = "drag on the image to draw a ground-truth box"; draw(); WB.status("ready", "ready: boxes cleared"); };
    $("input").onchange = () => WB.guard(reload);
    $("model").onchange = () => WB.guard(reload);
    $("detect").onclick = () => WB.guard(detect);
    const c = $("ssd-canvas");
    c.addEventListener("mousedown", onDown);
    c.addEventListener("mousemove", onMove);
    c.addEventListener("mouseup", onUp);
    await reload();
  }));
})();
