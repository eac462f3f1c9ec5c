/*
 * /reparam page logic: draws every branch kernel (BrBG, centred at 0; scale per output channel, per
 * kernel or over all kernels), the fused kernel and the kernel difference, the output difference map
 * (RdBu) with its legend and hover readout, the eval-mode verdict, and the multi-branch vs fused times.
 * Not here: computations (the server's ReparamController).
 */
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const st = { data: null, scope: "layer", req: 0 };

  function kernelScale(k, o) {
    let lo = 0, hi = 0;
    const take = arr => { for (const v of arr) { lo = Math.min(lo, v); hi = Math.max(hi, v); } };
    if (st.scope === "global") for (const kk of st.data.kernels) take(kk.data);
    else if (st.scope === "channel") { const per = k.data.length / k.shape[0]; take(k.data.slice(o * per, (o + 1) * per)); }
    else take(k.data);
    if (lo === 0 && hi === 0) hi = 1;
    return WB.scale(Math.min(lo, -1e-12), hi, "kernel");     // kernels are signed: always BrBG centred at 0
  }

  function drawKernels() {
    const box = $("kernels");
    box.innerHTML = "";
    for (const k of st.data.kernels) {
      const [K, C, kh, kw] = k.shape, gap = 3, px = Math.max(4, Math.min(14, Math.floor(260 / (C * (kw + 1)))));
      const fig = document.createElement("figure");
      const cv = document.createElement("canvas");
      cv.className = "framed kernel"; cv.dataset.name = k.name;
      cv.width = C * (kw * px + gap) - gap; cv.height = K * (kh * px + gap) - gap;
      const g = cv.getContext("2d");
      g.fillStyle = "#fff"; g.fillRect(0, 0, cv.width, cv.height);
      for (let o = 0; o < K; o++) for (let i = 0; i < C; i++) {
        WB.drawHeat(g, k.data, (o * C + i) * kh * kw, kh, kw, kernelScale(k, o), i * (kw * px + gap), o * (kh * px + gap), px);
      }
      const cap = document.createElement("figcaption");
      const part = k.fullShape && k.fullShape.join() !== k.shape.join() ? ` <span class="muted">first ${K} x ${C} of (${k.fullShape.join(", ")})</span>` : "";
      cap.innerHTML = `<b>${k.name}</b> (${k.shape.join(", ")})${part}<br>${k.label}`;
      const leg = document.createElement("div"); leg.className = "legend";
      WB.legend(leg, kernelScale(k, 0), st.scope === "channel" ? "output channel 0" : st.scope === "layer" ? "this kernel" : "all kernels");
      leg.querySelector("canvas").style.width = "90px";
      fig.append(cv, leg, cap);
      box.append(fig);
    }
  }

  function drawDiff() {
    const d = st.data.diff, [K, H, W] = d.shape, px = 10, gap = 4;
    const cv = $("diff");
    cv.width = K * (W * px + gap) - gap; cv.height = H * px;
    const g = cv.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, cv.width, cv.height);
    let m = 0;
    for (const v of d.data) m = Math.max(m, Math.abs(v));
    const sc = WB.scale(-Math.max(m, 1e-12), Math.max(m, 1e-12));
    for (let o = 0; o < K; o++) WB.drawHeat(g, d.data, o * H * W, H, W, sc, o * (W * px + gap), 0, px);
    WB.legend($("diff-legend"), sc, "max |diff| over the block's output");
    cv.onmousemove = ev => {
      const r = cv.getBoundingClientRect();
      const mx = (ev.clientX - r.left) * cv.width / r.width, my = (ev.clientY - r.top) * cv.height / r.height;
      const c = Math.floor(mx / (W * px + gap)), x = Math.floor((mx - c * (W * px + gap)) / px), y = Math.floor(my / px);
      if (c < 0 || c >= K || x < 0 || x >= W || y < 0 || y >= H) return;
      $("diff-readout").textContent = `(c, y, x) = (${c}, ${y}, ${x}) = ${WB.fmt(d.data[(c * H + y) * W + x])}`;
    };
  }

  async function load() {
    const req = ++st.req;
    const block = $("block").value, p = Number($("perturb").value);
    $("perturb-value").textContent = p.toFixed(2);
    WB.status("loading", "fusing " + block + " ...");
    const data = await WB.json(`/api/reparam/kernels?block=${encodeURIComponent(block)}&perturb=${p}`);
    if (req !== st.req) return;
    st.data = data;
    $("describe").textContent = data.describe;
    $("verdict").innerHTML = data.equivalent
      ? `<span class="ok">equivalent</span>: max |multi-branch - fused| = ${WB.fmt(data.diff.maxAbs)} (outputs up to ${WB.fmt(data.diff.outputMaxAbs)}), float32 rounding only`
      : `<span class="bad">not equivalent</span>: max |multi-branch - fused| = ${WB.fmt(data.diff.maxAbs)} (outputs up to ${WB.fmt(data.diff.outputMaxAbs)}). The BN statistics moved after fusion, as they do in train mode.`;
    drawKernels();
    drawDiff();
    WB.status("ready", "ready: " + block + " perturb " + p.toFixed(2) + (data.equivalent ? " (equivalent)" : " (not equivalent)"));
    WB.guard(() => timing(block));
  }

  async function timing(block) {
    $("timing").textContent = "measuring ...";
    const t = await WB.json("/api/reparam/timing?block=" + encodeURIComponent(block));
    if ($("block").value !== block) return;
    const top = Math.max(t.multiBranchMs, t.fusedMs);
    $("timing").innerHTML = `<div>input (${t.input.join(", ")}), ${t.impl}, median of 5</div>`
      + `<div>multi-branch ${t.multiBranchMs.toFixed(3)} ms <div class="bar alt" style="width:${(220 * t.multiBranchMs / top).toFixed(0)}px"></div></div>`
      + `<div>fused ${t.fusedMs.toFixed(3)} ms <div class="bar" style="width:${(220 * t.fusedMs / top).toFixed(0)}px"></div></div>`
      + `<div><b id="speedup">${t.speedup.toFixed(2)}x</b> faster fused</div>`;
  }

  document.addEventListener("DOMContentLoaded", () => WB.guard(async () => {
    WB.scopeSwitch($("scope"), "layer", s => { st.scope = s; if (st.data) drawKernels(); });
    $("block").onchange = () => WB.guard(load);
    const lists = async keep => WB.options($("block"), (await WB.json("/api/reparam/blocks")).blocks, keep);
    WB.uploader($("upload"), ".pth,.pt,.safetensors,.npz", async a => {
      if (a.kind !== "reparam") {
        WB.showError({ error: a.filename + " was recognised as " + a.kind + (a.model ? " (" + a.model + ")" : ""), hint: "this page takes RepVGG, DBB and ACNet checkpoints" });
        return;
      }
      const blocks = (await WB.json("/api/reparam/blocks")).blocks;
      const first = blocks.find(b => b.id.startsWith(a.id + ":"));
      await lists(first ? first.id : $("block").value);
      await load();
    });
    await lists("repvgg");
    $("perturb").oninput = () => { $("perturb-value").textContent = Number($("perturb").value).toFixed(2); };
    $("perturb").onchange = () => WB.guard(load);
    await load();
  }));
})();
