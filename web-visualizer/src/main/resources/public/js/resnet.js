/*
 * /resnet page logic: loads the layer list of the chosen model and input, draws the chosen layer's
 * feature map as a grid of channel heat maps (square pixels; scale per channel, per layer or global,
 * with a legend), shows (c, y, x) = value on hover and outlines that cell's receptive field on the
 * input, and fills the residual-vs-shortcut and naive-vs-vectorized tables.
 * Not here: computations (the server's ResnetController).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const st = { meta: null, layer: null, fm: null, scope: "channel", img: null, hover: null, geom: null };
  const q = () => "model=" + encodeURIComponent($("model").value) + "&input=" + encodeURIComponent($("input").value);

  async function loadLists(keepModel, keepInput) {
    const m = await WB.json("/api/resnet/models");
    WB.options($("model"), m.models, keepModel);
    WB.options($("input"), m.inputs, keepInput);
  }

  async function loadModel() {
    const what = "running " + $("model").value + " on " + $("input").value + " (naive and vectorized)";
    WB.status("loading", what + " ...");
    await WB.sse("/api/resnet/run?" + q(), { progress: p => WB.status("loading", what + ": " + (100 * p.fraction).toFixed(0) + "%") });
    const meta = await WB.json("/api/resnet/layers?" + q());
    st.meta = meta;
    $("model-note").textContent = meta.model + " · input " + meta.inputSize + "x" + meta.inputSize;
    const tb = $("layers").tBodies[0];
    tb.innerHTML = "";
    for (const l of meta.layers) {
      const tr = document.createElement("tr");
      tr.dataset.layer = l.name;
      if (l.featureMap) tr.className = "click";
      const cells = [l.name, l.type, "(" + l.shape.join(", ") + ")", l.maxDiff === null ? "" : WB.fmt(l.maxDiff), l.naiveMs.toFixed(2), l.vectorizedMs.toFixed(2)];
      cells.forEach((t, i) => { const td = document.createElement("td"); td.textContent = t; if (i >= 3) td.className = "num"; tr.append(td); });
      if (l.featureMap) tr.onclick = () => WB.guard(() => selectLayer(l.name));
      tb.append(tr);
    }
    const bt = $("blocks").tBodies[0];
    bt.innerHTML = "";
    const top = Math.max(1e-9, ...meta.blocks.map(b => Math.max(b.residualRms, b.shortcutRms)));
    for (const b of meta.blocks) {
      const tr = document.createElement("tr");
      tr.innerHTML = `<td>${b.name}${b.projection ? ' <span class="muted">(projection)</span>' : ""}</td><td class="num">${WB.fmt(b.residualRms)}</td><td class="num">${WB.fmt(b.shortcutRms)}</td>`
        + `<td><div class="bar" style="width:${(160 * b.residualRms / top).toFixed(1)}px"></div><div class="bar alt" style="width:${(160 * b.shortcutRms / top).toFixed(1)}px;margin-top:2px"></div></td>`
        + `<td class="num">${(b.residualRms / Math.max(1e-12, b.shortcutRms)).toFixed(3)}</td>`;
      bt.append(tr);
    }
    st.img = await loadImage("/api/resnet/input.png?" + q());
    drawInput();
    const pick = meta.layers.find(l => l.name === st.layer && l.featureMap) || meta.layers.find(l => l.name === "layer1.0") || meta.layers.find(l => l.featureMap);
    await selectLayer(pick.name);
  }

  function loadImage(url) {
    return new Promise((res, rej) => { const i = new Image(); i.onload = () => res(i); i.onerror = () => rej({ error: "cannot load " + url }); i.src = url; });
  }

  function drawInput() {
    const c = $("input-canvas"), g = c.getContext("2d");
    g.imageSmoothingEnabled = false;
    g.clearRect(0, 0, c.width, c.height);
    if (st.img) g.drawImage(st.img, 0, 0, c.width, c.height);
    const h = st.hover, l = st.meta && st.meta.layers.find(x => x.name === st.layer);
    if (h && l && l.rf) {
      const n = st.meta.inputSize, s = c.width / n, r = l.rf;
      const cy = r.start + h.y * r.jump, cx = r.start + h.x * r.jump;
      const x0 = Math.max(0, cx - (r.size - 1) / 2), y0 = Math.max(0, cy - (r.size - 1) / 2);
      const x1 = Math.min(n, cx + (r.size - 1) / 2 + 1), y1 = Math.min(n, cy + (r.size - 1) / 2 + 1);
      g.strokeStyle = "#ffdd00"; g.lineWidth = 2; g.strokeRect(x0 * s, y0 * s, (x1 - x0) * s, (y1 - y0) * s);
      g.strokeStyle = "#000"; g.lineWidth = 1; g.strokeRect(x0 * s - 2, y0 * s - 2, (x1 - x0) * s + 4, (y1 - y0) * s + 4);
      $("rf-note").textContent = `receptive field of (${h.y}, ${h.x}): ${r.size}x${r.size} px, jump ${r.jump} px (clipped to the input)`;
    }
  }

  async function selectLayer(name) {
    WB.status("loading", "loading feature map of " + name);
    st.layer = name;
    for (const tr of $("layers").tBodies[0].rows) tr.classList.toggle("sel", tr.dataset.layer === name);
    st.fm = await WB.floats("/api/resnet/featuremap?" + q() + "&layer=" + encodeURIComponent(name));
    const [C, H, W] = st.fm.shape;
    $("fm-title").textContent = name + " · (" + C + ", " + H + ", " + W + ")";
    st.hover = null;
    drawMap();
    drawInput();
    WB.status("ready", "ready: " + name + " (" + C + " channels of " + H + "x" + W + ")");
  }

  function channelRange(c) {
    const [, H, W] = st.fm.shape, d = st.fm.data;
    let lo = Infinity, hi = -Infinity;
    for (let i = c * H * W; i < (c + 1) * H * W; i++) { if (d[i] < lo) lo = d[i]; if (d[i] > hi) hi = d[i]; }
    return [lo, hi];
  }

  function scaleFor(c) {
    if (st.scope === "global") return WB.scale(st.meta.globalMin, st.meta.globalMax);
    if (st.scope === "layer") return WB.scale(st.fm.min, st.fm.max);
    const [lo, hi] = channelRange(c);
    // a signed layer stays on the diverging map even where one channel happens to be non-negative
    return WB.scale(st.fm.min < 0 ? Math.min(lo, -1e-12) : 0, hi);
  }

  function drawMap() {
    const [C, H, W] = st.fm.shape;
    const cols = Math.ceil(Math.sqrt(C)), rows = Math.ceil(C / cols), gap = 2;
    const avail = Math.max(200, $("fmap-panel").clientWidth - 24);
    const px = Math.max(1, Math.min(16, Math.floor(((avail + gap) / cols - gap) / W)));
    const cv = $("fmap");
    cv.width = cols * (W * px + gap) - gap;
    cv.height = rows * (H * px + gap) - gap;
    const g = cv.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, cv.width, cv.height);
    for (let c = 0; c < C; c++) {
      const x0 = (c % cols) * (W * px + gap), y0 = Math.floor(c / cols) * (H * px + gap);
      WB.drawHeat(g, st.fm.data, c * H * W, H, W, scaleFor(c), x0, y0, px);
    }
    st.geom = { cols, px, gap, C, H, W };
    const c = st.hover ? st.hover.c : 0;
    WB.legend($("legend"), scaleFor(c), st.scope === "channel" ? "scale of channel " + c : st.scope === "layer" ? "scale of the layer" : "scale over all layers");
  }

  function onMove(ev) {
    if (!st.geom) return;
    const r = ev.target.getBoundingClientRect(), g = st.geom;
    const mx = (ev.clientX - r.left) * ev.target.width / r.width, my = (ev.clientY - r.top) * ev.target.height / r.height;
    const col = Math.floor(mx / (g.W * g.px + g.gap)), row = Math.floor(my / (g.H * g.px + g.gap));
    const x = Math.floor((mx - col * (g.W * g.px + g.gap)) / g.px), y = Math.floor((my - row * (g.H * g.px + g.gap)) / g.px);
    const c = row * g.cols + col;
    if (c >= g.C || x < 0 || y < 0 || x >= g.W || y >= g.H) return;
    const v = st.fm.data[(c * g.H + y) * g.W + x];
    const changed = !st.hover || st.hover.c !== c;
    st.hover = { c, y, x };
    $("readout").textContent = `(c, y, x) = (${c}, ${y}, ${x}) = ${WB.fmt(v)}`;
    if (changed && st.scope === "channel") WB.legend($("legend"), scaleFor(c), "scale of channel " + c);
    drawInput();
  }

  document.addEventListener("DOMContentLoaded", () => WB.guard(async () => {
    WB.scopeSwitch($("scope"), "channel", s => { st.scope = s; if (st.fm) drawMap(); });
    WB.uploader($("upload"), ".pth,.pt,.safetensors,.npz,.png,.jpg,.jpeg,.gif,.bmp", async a => {
      await loadLists(a.kind === "resnet" ? a.id : $("model").value, a.kind === "image" ? a.id : $("input").value);
      if (a.kind === "resnet" || a.kind === "image") await loadModel();
      else WB.showError({ error: a.filename + " was recognised as " + a.kind + (a.model ? " (" + a.model + ")" : ""), hint: "this page takes ResNet checkpoints and images" });
    });
    $("model").onchange = () => WB.guard(loadModel);
    $("input").onchange = () => WB.guard(loadModel);
    $("fmap").addEventListener("mousemove", onMove);
    await loadLists("resnet18", "shapes");
    await loadModel();
  }));
})();
