/*
 * Workbench visualizer frame: shared by every page. Fetch helpers that turn API errors
 * ({error, hint}) into a visible message, a status line the page sets when it is ready
 * (data-state=loading|ready|error, which the browser tests wait on), colour maps (RdBu diverging
 * centred at 0 for signed tensors, viridis sequential for non-negative ones, BrBG for kernels),
 * the heat-map drawer with square pixels, its legend (min and max) and the channel|layer|global
 * scope switch, an upload control and an SSE helper.
 * Not here: page logic (resnet.js, vggish.js, ssd.js, reparam.js, golden.js).
 */
"use strict";
const WB = (() => {
  // ---- status line and errors ----
  function status(state, text) {
    const el = document.getElementById("status");
    if (!el) return;
    el.dataset.state = state;
    el.textContent = text || state;
  }
  function showError(err) {
    const box = document.getElementById("error");
    if (!box) return;
    box.innerHTML = "";
    const e = document.createElement("div");
    e.textContent = err.error || String(err);
    const h = document.createElement("div");
    h.className = "hint";
    h.textContent = err.hint ? "Hint: " + err.hint : "";
    box.append(e, h);
    box.classList.add("on");
  }
  function clearError() {
    const box = document.getElementById("error");
    if (box) box.classList.remove("on");
  }
  class ApiError extends Error {
    constructor(status, body) { super(body.error || ("HTTP " + status)); this.status = status; this.error = body.error; this.hint = body.hint; }
  }
  async function check(r) {
    if (r.ok) return r;
    let body;
    try { body = await r.json(); } catch (e) { body = { error: "HTTP " + r.status, hint: "" }; }
    throw new ApiError(r.status, body);
  }
  async function json(url, opts) { return (await check(await fetch(url, opts))).json(); }
  async function postJson(url, body) {
    return json(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }
  /** A float32 payload with its shape (X-Shape header). */
  async function floats(url) {
    const r = await check(await fetch(url));
    const buf = await r.arrayBuffer();
    const shape = (r.headers.get("X-Shape") || "").split(",").filter(s => s).map(Number);
    return { shape, data: new Float32Array(buf), min: Number(r.headers.get("X-Min")), max: Number(r.headers.get("X-Max")) };
  }
  /** Runs an async page action; errors go to the error box and the status line. */
  async function guard(fn) {
    try { clearError(); return await fn(); }
    catch (e) { showError(e); status("error", "error: " + (e.error || e.message)); }
  }

  // ---- colour maps: control points, linearly interpolated ----
  const MAPS = {
    rdbu: [[103,0,31],[178,24,43],[214,96,77],[244,165,130],[253,219,199],[247,247,247],[209,229,240],[146,197,222],[67,147,195],[33,102,172],[5,48,97]],
    brbg: [[84,48,5],[140,81,10],[191,129,45],[223,194,125],[246,232,195],[245,245,245],[199,234,229],[128,205,193],[53,151,143],[1,102,94],[0,60,48]],
    viridis: [[68,1,84],[72,35,116],[64,67,135],[52,94,141],[41,120,142],[32,144,140],[34,167,132],[68,190,112],[121,209,81],[189,222,38],[253,231,37]],
    greys: [[255,255,255],[0,0,0]],
  };
  function lerpMap(name, t) {
    const pts = MAPS[name];
    t = Math.min(1, Math.max(0, isFinite(t) ? t : 0.5));
    const f = t * (pts.length - 1), i = Math.min(pts.length - 2, Math.floor(f)), u = f - i;
    const a = pts[i], b = pts[i + 1];
    return [a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u, a[2] + (b[2] - a[2]) * u];
  }
  /**
   * A scale for values in [lo, hi]: signed ranges use a diverging map centred at 0 (symmetric
   * +-max|v|; RdBu reversed so positive is red), non-negative ones a sequential map from 0.
   */
  function scale(lo, hi, kind) {
    const signed = lo < 0;
    if (signed) {
      const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      const map = kind === "kernel" ? "brbg" : "rdbu";
      return { signed, lo: -m, hi: m, map, colour: v => lerpMap(map, map === "rdbu" ? 0.5 - v / (2 * m) : 0.5 + v / (2 * m)) };
    }
    const top = hi > 0 ? hi : 1;
    const map = kind === "kernel" ? "brbg" : "viridis";
    return { signed, lo: 0, hi: top, map, colour: v => lerpMap(map, map === "brbg" ? 0.5 + v / (2 * top) : v / top) };
  }
  /** Draws h x w values from data[off..] at (x0, y0) with `px` screen pixels per value. */
  function drawHeat(ctx, data, off, h, w, sc, x0, y0, px) {
    const img = ctx.createImageData(w * px, h * px);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const c = sc.colour(data[off + y * w + x]);
      for (let dy = 0; dy < px; dy++) for (let dx = 0; dx < px; dx++) {
        const p = ((y * px + dy) * w * px + x * px + dx) * 4;
        img.data[p] = c[0]; img.data[p + 1] = c[1]; img.data[p + 2] = c[2]; img.data[p + 3] = 255;
      }
    }
    ctx.putImageData(img, x0, y0);
  }
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return String(v);
    if (v === 0) return "0";
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toFixed(a < 1 ? 4 : 3);
  }
  /** Fills a .legend element: min, the colour bar, max, and what the scale means. */
  function legend(el, sc, note) {
    el.innerHTML = "";
    const lo = document.createElement("span"); lo.textContent = "min " + fmt(sc.lo);
    const c = document.createElement("canvas"); c.width = 180; c.height = 1;
    const g = c.getContext("2d");
    for (let i = 0; i < 180; i++) { const col = sc.colour(sc.lo + (sc.hi - sc.lo) * i / 179); g.fillStyle = `rgb(${col[0]|0},${col[1]|0},${col[2]|0})`; g.fillRect(i, 0, 1, 1); }
    const hi = document.createElement("span"); hi.textContent = "max " + fmt(sc.hi);
    const n = document.createElement("span"); n.textContent = (sc.signed ? " diverging, centred at 0" : " sequential from 0") + (note ? " · " + note : "");
    el.append(lo, c, hi, n);
  }
  /** A channel|layer|global switch in `el`; calls onChange(scope). */
  function scopeSwitch(el, initial, onChange) {
    el.classList.add("scope");
    el.innerHTML = "";
    for (const s of ["channel", "layer", "global"]) {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = s; b.dataset.scope = s;
      if (s === initial) b.classList.add("on");
      b.onclick = () => { for (const o of el.children) o.classList.toggle("on", o === b); onChange(s); };
      el.append(b);
    }
  }
  /** Fills a <select> with {id, label} options, keeping `keep` selected when present. */
  function options(select, items, keep) {
    select.innerHTML = "";
    for (const it of items) { const o = document.createElement("option"); o.value = it.id; o.textContent = it.label; select.append(o); }
    if (keep && items.some(i => i.id === keep)) select.value = keep;
  }
  /** An upload control: a file input posting to /api/upload; onDone(answer). */
  function uploader(el, accept, onDone) {
    const input = document.createElement("input");
    input.type = "file"; input.accept = accept; input.id = el.id + "-file";
    const out = document.createElement("span"); out.className = "muted upload-result";
    input.onchange = () => guard(async () => {
      if (!input.files.length) return;
      const fd = new FormData(); fd.append("file", input.files[0]);
      out.textContent = "uploading " + input.files[0].name + " ...";
      try {
        const a = await json("/api/upload", { method: "POST", body: fd });
        out.textContent = "recognised: " + a.kind + (a.model ? " " + a.model : "") + " (" + a.id + ")";
        await onDone(a);
      } catch (e) { out.textContent = "refused: " + (e.error || e.message); throw e; }
      finally { input.value = ""; }
    });
    const lab = document.createElement("label"); lab.textContent = "Your file: "; lab.append(input);
    el.append(lab, out);
  }
  /** Server-sent events: handlers by event name; resolves when "done" arrives, rejects on "failed". */
  function sse(url, handlers) {
    return new Promise((resolve, reject) => {
      const es = new EventSource(url);
      for (const [name, fn] of Object.entries(handlers || {})) es.addEventListener(name, ev => fn(JSON.parse(ev.data)));
      es.addEventListener("done", ev => { es.close(); resolve(JSON.parse(ev.data)); });
      es.addEventListener("failed", ev => { es.close(); const b = JSON.parse(ev.data); reject(new ApiError(422, b)); });
      es.onerror = () => { if (es.readyState !== EventSource.OPEN) { es.close(); reject(new ApiError(0, { error: "the event stream " + url + " closed early", hint: "reload the page" })); } };
    });
  }
  /** Marks the current page in the top navigation. */
  function nav() {
    for (const a of document.querySelectorAll("header.top a")) if (a.getAttribute("href") === location.pathname) a.classList.add("here");
  }
  document.addEventListener("DOMContentLoaded", nav);
  return { status, showError, clearError, json, postJson, floats, guard, scale, drawHeat, legend, scopeSwitch, options, uploader, sse, fmt, lerpMap };
})();
