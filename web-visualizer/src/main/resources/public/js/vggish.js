/*
 * /vggish page logic: asks the server to run chapter 02's pipeline on the chosen sound and twin, then
 * draws each stage: the waveform before and after resampling (min/max envelopes), the STFT magnitude
 * (dB, viridis, top 80 dB), the 64 mel triangles over the 257 FFT bins, the log-mel spectrogram with
 * the example boundaries, each 96 x 64 example (or the note that there are none), and the embedding
 * of the chosen example as bars, raw (RdBu, centred at 0) and post-processed (0..255). Each panel's
 * header names the official function it mirrors and links the lesson's section. Hover readouts give
 * the value under the pointer.
 * Not here: computations (the server's VggishController and the chapter's classes).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const st = { meta: null, stft: null, logmel: null, examples: null, mel: null, req: 0 };
  const q = () => "input=" + encodeURIComponent($("input").value) + "&impl=" + encodeURIComponent($("impl").value);
  const NYQUIST = 8000;

  // ---- shared drawing helpers ----
  function rgb(c) { return `rgb(${c[0] | 0},${c[1] | 0},${c[2] | 0})`; }
  /** A sequential viridis scale over [lo, hi] (log values are not centred at 0, so no diverging map here). */
  function seq(lo, hi) {
    const span = hi > lo ? hi - lo : 1;
    return { lo, hi, colour: v => WB.lerpMap("viridis", (v - lo) / span) };
  }
  function seqLegend(el, sc, unit, note) {
    el.innerHTML = "";
    const lo = document.createElement("span"); lo.textContent = "min " + WB.fmt(sc.lo) + unit;
    const c = document.createElement("canvas"); c.width = 180; c.height = 1;
    const g = c.getContext("2d");
    for (let i = 0; i < 180; i++) { g.fillStyle = rgb(sc.colour(sc.lo + (sc.hi - sc.lo) * i / 179)); g.fillRect(i, 0, 1, 1); }
    const hi = document.createElement("span"); hi.textContent = "max " + WB.fmt(sc.hi) + unit;
    const n = document.createElement("span"); n.textContent = " sequential (viridis)" + (note ? " · " + note : "");
    el.append(lo, c, hi, n);
  }
  /** Pointer position in canvas pixels. */
  function at(cv, ev) {
    const r = cv.getBoundingClientRect();
    return [(ev.clientX - r.left) * cv.width / r.width, (ev.clientY - r.top) * cv.height / r.height];
  }
  /** Draws a (rows = time, cols = frequency) matrix with time to the right and low frequencies at the bottom. */
  function drawTimeFreq(cv, data, rows, cols, px, py, colour) {
    cv.width = Math.max(1, rows * px); cv.height = Math.max(1, cols * py);
    const g = cv.getContext("2d"), img = g.createImageData(cv.width, cv.height);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const col = colour(data[r * cols + c]);
      for (let dy = 0; dy < py; dy++) for (let dx = 0; dx < px; dx++) {
        const p = (((cols - 1 - c) * py + dy) * cv.width + r * px + dx) * 4;
        img.data[p] = col[0]; img.data[p + 1] = col[1]; img.data[p + 2] = col[2]; img.data[p + 3] = 255;
      }
    }
    g.putImageData(img, 0, 0);
    return g;
  }

  // ---- panel headers: what the panel shows, the official function, the Java, the lesson ----
  function heads() {
    for (const p of st.meta.panels) {
      const el = document.querySelector(`#panel-${p.id} .stage-head`);
      if (!el) continue;
      el.innerHTML = "";
      const h = document.createElement("h2"); h.textContent = p.title;
      const m = document.createElement("div"); m.className = "mirrors"; m.textContent = "mirrors " + p.mirrors;
      const j = document.createElement("div"); j.className = "muted"; j.textContent = "Java: " + p.java;
      const l = document.createElement("div"); l.className = "lesson"; l.append("Lesson: ");
      for (const link of p.lesson) {
        const a = document.createElement("a"); a.href = link.href; a.textContent = link.title; a.target = "_blank";
        a.className = link.found ? "lesson-link" : "lesson-link missing";
        l.append(a);
      }
      el.append(h, m, j, l);
    }
  }

  // ---- waveform ----
  function drawWave(id, env, label) {
    const cv = $(id), g = cv.getContext("2d"), W = cv.width, H = cv.height, n = env.min.length;
    g.fillStyle = "#fff"; g.fillRect(0, 0, W, H);
    g.strokeStyle = "#d0d5dd"; g.beginPath(); g.moveTo(0, H / 2 + 0.5); g.lineTo(W, H / 2 + 0.5); g.stroke();
    let peak = 1e-9;
    for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(env.min[i]), Math.abs(env.max[i]));
    const top = Math.max(peak, 0.05), y = v => H / 2 - (v / top) * (H / 2 - 4);
    g.strokeStyle = "#1f5fbf";
    for (let i = 0; i < n; i++) {
      const x = Math.floor(i * W / n) + 0.5;
      g.beginPath(); g.moveTo(x, y(env.max[i]) - 0.5); g.lineTo(x, y(env.min[i]) + 0.5); g.stroke();
    }
    g.fillStyle = "#667085"; g.font = "11px monospace";
    const tick = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300].find(t => env.seconds / t <= 10) || 600;
    for (let s = 0; env.seconds > 0 && s <= env.seconds; s += tick) g.fillText((tick < 0.1 ? s.toFixed(2) : s.toFixed(1)) + " s", s / env.seconds * W + 2, H - 3);
    $(id + "-note").textContent = `${label}: ${env.samples} samples at ${env.sampleRate} Hz (${env.seconds.toFixed(3)} s), drawn as min/max of ${n} slices; vertical scale ±${WB.fmt(top)}`;
    cv.onmousemove = ev => {
      const [mx] = at(cv, ev), i = Math.min(n - 1, Math.max(0, Math.floor(mx * n / W)));
      if (!n) return;
      $("wave-readout").textContent = `${label} t = ${(i / n * env.seconds).toFixed(3)}..${((i + 1) / n * env.seconds).toFixed(3)} s: min ${WB.fmt(env.min[i])}, max ${WB.fmt(env.max[i])}`;
    };
  }

  // ---- STFT magnitude ----
  function drawStft() {
    const s = st.stft, [rows, bins] = s.shape.length === 2 ? s.shape : [0, 257], meta = st.meta.stft;
    const cv = $("stft");
    if (!rows) { cv.width = 1; cv.height = 1; $("stft-note").textContent = "no frames: the 16 kHz signal is shorter than one 400-sample window"; $("stft-legend").innerHTML = ""; return; }
    const px = Math.max(1, Math.min(4, Math.floor(800 / rows)));
    const topDb = 20 * Math.log10(Math.max(meta.max, 1e-12)), sc = seq(topDb - 80, topDb);
    drawTimeFreq(cv, s.data, rows, bins, px, 1, v => sc.colour(20 * Math.log10(Math.max(v, 1e-12))));
    seqLegend($("stft-legend"), sc, " dB", "20 log10 |X|, the top 80 dB");
    $("stft-note").textContent = `(${meta.shape.join(", ")}) magnitudes: ${meta.shape[0]} frames of ${meta.window} samples every ${meta.hop}, FFT ${meta.fftLength}, bins 0..${meta.fftLength / 2} = 0..8000 Hz (bottom to top)`
      + (s.step > 1 ? `; every ${s.step}th frame drawn` : "");
    cv.onmousemove = ev => {
      const [mx, my] = at(cv, ev), r = Math.floor(mx / px), k = bins - 1 - Math.floor(my);
      if (r < 0 || r >= rows || k < 0 || k >= bins) return;
      const v = s.data[r * bins + k];
      $("stft-readout").textContent = `(frame, bin) = (${r * s.step}, ${k}) · ${(k * NYQUIST / (bins - 1)).toFixed(1)} Hz · t = ${(r * s.step * meta.hop / 16000).toFixed(2)} s: |X| = ${WB.fmt(v)} (${(20 * Math.log10(Math.max(v, 1e-12))).toFixed(1)} dB)`;
    };
  }

  // ---- mel filter matrix: one triangle per band over the FFT bins ----
  function drawMel() {
    const m = st.mel, [bins, bands] = m.shape, cv = $("mel"), g = cv.getContext("2d"), W = cv.width, H = cv.height, pad = 14;
    g.fillStyle = "#fff"; g.fillRect(0, 0, W, H);
    const x = k => k * (W - 1) / (bins - 1), y = v => H - pad - v * (H - 2 * pad);
    for (let b = 0; b < bands; b++) {
      g.strokeStyle = rgb(WB.lerpMap("viridis", (b % 8) / 8 * 0.85));
      g.beginPath();
      for (let k = 0; k < bins; k++) { const px = x(k), py = y(m.data[k * bands + b]); if (k) g.lineTo(px, py); else g.moveTo(px, py); }
      g.stroke();
    }
    g.fillStyle = "#667085"; g.font = "11px monospace";
    for (let f = 0; f <= NYQUIST; f += 1000) g.fillText(f + " Hz", x(f / NYQUIST * (bins - 1)) + 2, H - 2);
    g.fillText("1.0", 2, pad + 4);
    const mm = st.meta.melMatrix;
    $("mel-note").textContent = `(${mm.shape.join(", ")}): ${bands} triangles, linear in mel (${mm.formula}), edges evenly spaced in mel from ${mm.lowerHz} to ${mm.upperHz} Hz; peak 1, not area-normalised; row 0 (DC) is zero. mel = stft . matrix`;
    cv.onmousemove = ev => {
      const [mx] = at(cv, ev), k = Math.round(mx * (bins - 1) / (W - 1));
      if (k < 0 || k >= bins) return;
      const on = [];
      for (let b = 0; b < bands; b++) if (m.data[k * bands + b] > 0) on.push(`band ${b}: ${WB.fmt(m.data[k * bands + b])}`);
      $("mel-readout").textContent = `bin ${k} (${(k * NYQUIST / (bins - 1)).toFixed(1)} Hz): ` + (on.length ? on.join(", ") : "in no band");
    };
  }

  // ---- log-mel spectrogram with example boundaries ----
  function drawLogMel() {
    const s = st.logmel, meta = st.meta.logMel, [rows, bands] = s.shape.length === 2 ? s.shape : [0, 64], cv = $("logmel");
    if (!rows) { cv.width = 1; cv.height = 1; $("logmel-note").textContent = "no frames"; $("logmel-legend").innerHTML = ""; return; }
    const px = Math.max(1, Math.min(4, Math.floor(800 / rows))), py = 2, sc = seq(meta.min, meta.max);
    const g = drawTimeFreq(cv, s.data, rows, bands, px, py, sc.colour);
    seqLegend($("logmel-legend"), sc, "", `ln(mel + ${meta.logOffset}); silence sits at ln ${meta.logOffset} = ${Math.log(meta.logOffset).toFixed(3)}`);
    const ex = st.meta.examples;
    g.strokeStyle = "#fff"; g.lineWidth = 1;
    for (let e = 1; e <= ex.count; e++) { const xx = Math.round(e * 96 / s.step * px) + 0.5; g.beginPath(); g.moveTo(xx, 0); g.lineTo(xx, cv.height); g.stroke(); }
    if (ex.framesDropped > 0) { g.fillStyle = "rgba(255,255,255,0.55)"; g.fillRect(Math.round(ex.framesUsed / s.step * px), 0, cv.width, cv.height); }
    $("logmel-note").textContent = `(${meta.shape.join(", ")}): one row per 10 ms frame, 64 mel bands (bottom: 125 Hz, top: 7500 Hz). White lines: example boundaries every 96 frames; `
      + `the faded tail (${ex.framesDropped} frames) is dropped by the framing` + (s.step > 1 ? `; every ${s.step}th frame drawn` : "");
    cv.onmousemove = ev => {
      const [mx, my] = at(cv, ev), r = Math.floor(mx / px), b = bands - 1 - Math.floor(my / py);
      if (r < 0 || r >= rows || b < 0 || b >= bands) return;
      const f = r * s.step;
      $("logmel-readout").textContent = `(frame, band) = (${f}, ${b}) · t = ${(f / 100).toFixed(2)} s · ${f < ex.framesUsed ? "example " + Math.floor(f / 96) : "dropped"}: ${WB.fmt(s.data[r * bands + b])}`;
    };
  }

  // ---- examples ----
  function drawExamples() {
    const box = $("examples"), ex = st.meta.examples, e = st.examples;
    box.innerHTML = "";
    $("examples-legend").innerHTML = "";
    if (ex.count === 0) {
      const d = document.createElement("div"); d.className = "empty-note"; d.id = "no-examples";
      d.textContent = `0 examples: shape (${ex.shape.join(", ")}). ${st.meta.logMel.shape[0]} frames of 10 ms are fewer than the 96 of one 0.96 s example, `
        + "so waveform_to_examples returns an empty array (and the network, an empty batch of embeddings).";
      box.append(d);
      $("examples-note").textContent = "";
      return;
    }
    const [n, F, B] = e.shape, px = 3, sc = seq(ex.min, ex.max);
    seqLegend($("examples-legend"), sc, "", "one scale over all examples");
    for (let i = 0; i < n; i++) {
      const fig = document.createElement("figure");
      const cv = document.createElement("canvas"); cv.className = "framed example"; cv.dataset.example = String(i);
      drawTimeFreq(cv, e.data.subarray(i * F * B, (i + 1) * F * B), F, B, px, px, sc.colour);
      cv.onmousemove = ev => {
        const [mx, my] = at(cv, ev), f = Math.floor(mx / px), b = B - 1 - Math.floor(my / px);
        if (f < 0 || f >= F || b < 0 || b >= B) return;
        $("examples-readout").textContent = `example ${i} (frame, band) = (${f}, ${b}): ${WB.fmt(e.data[(i * F + f) * B + b])}`;
      };
      const cap = document.createElement("figcaption");
      cap.textContent = `example ${i}: ${(i * 0.96).toFixed(2)}-${((i + 1) * 0.96).toFixed(2)} s (96, 64)`;
      fig.append(cv, cap);
      box.append(fig);
    }
    $("examples-note").textContent = `(${ex.shape.join(", ")}) float32, the network's input; `
      + (n < ex.count ? `the first ${n} of ${ex.count} drawn; ` : "") + "x = frame (10 ms), y = mel band, low bands at the bottom";
  }

  // ---- embeddings ----
  function drawEmbeddings() {
    const emb = st.meta.embeddings, i = Number($("example").value || 0), n = emb.shape[0];
    const raw = $("emb-raw"), pp = $("emb-pp");
    for (const cv of [raw, pp]) { const g = cv.getContext("2d"); g.fillStyle = "#fff"; g.fillRect(0, 0, cv.width, cv.height); }
    $("emb-shape").textContent = `embeddings (${emb.shape.join(", ")})` + (n < emb.ofExamples ? `: the network ran on the first ${n} of ${emb.ofExamples} examples` : "");
    if (n === 0) { $("emb-note").textContent = "no examples, so no embeddings: shape (0, 128)."; return; }
    const D = emb.shape[1], bw = raw.width / D;
    let m = 1e-9;
    for (const row of emb.raw) for (const v of row) m = Math.max(m, Math.abs(v));
    const sc = WB.scale(-m, m), g = raw.getContext("2d"), H = raw.height, mid = H / 2;
    for (let d = 0; d < D; d++) {
      const v = emb.raw[i][d], h = v / m * (H / 2 - 4);
      g.fillStyle = rgb(sc.colour(v));
      g.fillRect(d * bw + 0.5, v >= 0 ? mid - h : mid, Math.max(1, bw - 1), Math.abs(h));
    }
    g.strokeStyle = "#98a2b3"; g.beginPath(); g.moveTo(0, mid + 0.5); g.lineTo(raw.width, mid + 0.5); g.stroke();
    const q = pp.getContext("2d"), H2 = pp.height;
    for (let d = 0; d < D; d++) {
      const b = emb.postprocessed[i][d], h = b / 255 * (H2 - 4);
      q.fillStyle = rgb(WB.lerpMap("viridis", b / 255));
      q.fillRect(d * bw + 0.5, H2 - h, Math.max(1, bw - 1), h);
    }
    const y127 = H2 - 127.5 / 255 * (H2 - 4);
    q.strokeStyle = "#98a2b3"; q.beginPath(); q.moveTo(0, y127); q.lineTo(pp.width, y127); q.stroke();
    let sum = 0, clipped = 0;
    for (const b of emb.postprocessed[i]) { sum += b; if (b === 0 || b === 255) clipped++; }
    $("emb-note").textContent = `raw range over the shown examples ±${WB.fmt(m)} (all: ${WB.fmt(emb.rawMin)} .. ${WB.fmt(emb.rawMax)}); `
      + `example ${i}: mean byte ${(sum / D).toFixed(1)}, ${clipped} of ${D} at 0 or 255 (PCA output clipped to [${emb.quantizeRange.join(", ")}])`;
    const hover = (cv, ev) => {
      const [mx] = at(cv, ev), d = Math.floor(mx / bw);
      if (d < 0 || d >= D) return;
      $("emb-readout").textContent = `example ${i}, dimension ${d}: raw ${WB.fmt(emb.raw[i][d])} → PCA ${WB.fmt(emb.pcaApplied[i][d])} → byte ${emb.postprocessed[i][d]}`;
    };
    raw.onmousemove = ev => hover(raw, ev);
    pp.onmousemove = ev => hover(pp, ev);
  }

  function weights(w) {
    $("weights").innerHTML = "";
    const t = document.createElement("div");
    t.innerHTML = w.real ? '<span class="ok">real weights</span> ' : '<span class="tag" id="seeded-tag">seeded stand-in weights</span> ';
    t.append(`network: ${w.network} · ${w.pca} · ${w.describe}`);
    $("weights").append(t);
    if (w.warning) { const d = document.createElement("div"); d.className = "muted"; d.id = "weights-warning"; d.textContent = w.warning; $("weights").append(d); }
  }

  function player() {
    const id = $("input").value, el = $("player");
    el.innerHTML = "";
    if (id.startsWith("upload-")) return;
    const a = document.createElement("audio");
    a.controls = true; a.preload = "none"; a.src = "/api/vggish/demo.wav?input=" + encodeURIComponent(id); a.style.height = "28px"; a.style.verticalAlign = "middle";
    el.append(a);
  }

  async function load() {
    const req = ++st.req, input = $("input").value, impl = $("impl").value;
    WB.status("loading", `running ${input} through the pipeline on the ${impl} twin ...` + (impl === "naive" ? " (the naive network takes seconds per example)" : ""));
    player();
    const meta = await WB.json("/api/vggish/analysis?" + q());
    const [stft, logmel, examples] = await Promise.all([WB.floats("/api/vggish/stft.bin?" + q()), WB.floats("/api/vggish/logmel.bin?" + q()),
      WB.floats("/api/vggish/examples.bin?" + q() + "&from=0")]);
    if (!st.mel) st.mel = await WB.floats("/api/vggish/mel-matrix.bin");
    if (req !== st.req) return;
    stft.step = Number(meta.stft.frameStep); logmel.step = Number(meta.logMel.frameStep);
    Object.assign(st, { meta, stft, logmel, examples });
    weights(meta.weights);
    heads();
    const a = meta.audio, tw = meta.twins;
    $("summary").textContent = `${a.source}: ${a.sampleRate} Hz, ${a.channels} channel${a.channels > 1 ? "s" : ""}, ${a.encoding}, ${a.seconds.toFixed(3)} s`
      + ` → ${meta.examples.count} example${meta.examples.count === 1 ? "" : "s"} (${meta.examples.shape.join(", ")}) → embeddings (${meta.embeddings.shape.join(", ")})`;
    $("twins").textContent = `front end on ${tw.spectralOps} in ${tw.frontEndMs.toFixed(1)} ms (log-mel max |${tw.spectralOps} - ${tw.otherSpectralOps}| = ${WB.fmt(tw.logMelMaxDiff)}); `
      + `network on ${tw.kernels} in ${tw.networkMs.toFixed(1)} ms`;
    drawWave("wave-before", meta.waveform.before, meta.waveform.resampled ? `before: mono at ${a.sampleRate} Hz` : "mono, already at 16 kHz");
    drawWave("wave-after", meta.waveform.after, meta.waveform.resampled ? "after resampy kaiser_best to 16 kHz" : "16 kHz (no resampling needed: the same samples)");
    drawStft();
    drawMel();
    drawLogMel();
    drawExamples();
    const sel = $("example");
    sel.innerHTML = "";
    for (let i = 0; i < meta.embeddings.shape[0]; i++) { const o = document.createElement("option"); o.value = String(i); o.textContent = "example " + i; sel.append(o); }
    drawEmbeddings();
    WB.status("ready", `ready: ${input} on ${impl}, ${meta.examples.count} example${meta.examples.count === 1 ? "" : "s"}`);
  }

  document.addEventListener("DOMContentLoaded", () => WB.guard(async () => {
    const lists = async keep => {
      const r = await WB.json("/api/vggish/inputs");
      WB.options($("input"), r.inputs, keep);
      weights(r.weights);
    };
    $("input").onchange = () => WB.guard(load);
    $("impl").onchange = () => WB.guard(load);
    $("example").onchange = () => drawEmbeddings();
    WB.uploader($("upload"), ".wav", async a => {
      if (a.kind !== "audio") {
        WB.showError({ error: a.filename + " was recognised as " + a.kind + (a.model ? " (" + a.model + ")" : ""), hint: "this page takes sounds: a .wav file" });
        return;
      }
      await lists(a.id);
      await load();
    });
    const url = new URLSearchParams(location.search);           // /vggish?input=blip&impl=naive opens that view
    if (["naive", "vectorized"].includes(url.get("impl"))) $("impl").value = url.get("impl");
    await lists(url.get("input") || "chirp");
    await load();
  }));
})();
