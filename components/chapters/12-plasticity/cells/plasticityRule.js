// @ts-check
/** @typedef {import("../plasticity.js").RuleArithmetic<any>} Arithmetic numbers or tensors: m.add, m.sub, m.mul, m.div, m.clip */
/** @typedef {import("../plasticity.js").PlasticityState<any>} State wVA, wVL, gI, thetaM */
/** @typedef {import("../plasticity.js").PlasticityRates<any>} Rates tauTheta, etaH, etaG, etaS, rho */
/** @typedef {import("../plasticity.js").PlasticityAblation} Ablation inhibitoryHomeostasis, scaling, hebbian */

/**
 * One simulated hour of plasticity, from the state at the start of the hour and V1's rate in each
 * trial (none, sound only, light only; equally likely). Every value is computed with `m`: plain
 * numbers in the simulation, tensors of every cell at once in the phase diagram, so one rule runs both.
 * @param {Arithmetic} m
 * @param {State} s the state now: wVA (A1→V1), wVL (light→V1), gI (inhibition gain), thetaM (BCM threshold)
 * @param {{sa: number, rV: any}[]} trials each trial's sound input r_A = s_a and V1's rate r_V
 * @param {Rates} p tauTheta (h), etaH, etaG, etaS, rho
 * @param {Ablation} ablation which parts of the rule are on
 * @param {{gIMin: number, gIMax: number, wVAMax: number}} limits the clips of g_I and w_VA
 * @returns {State} the state an hour later
 */
export function plasticityRule(m, s, trials, p, ablation, limits) {
  const mean = (/** @type {any[]} */ terms) => m.mul(terms.reduce((sum, term) => m.add(sum, term), 0), 1 / trials.length); // ⟨·⟩ over the trials
  const meanRate = mean(trials.map((t) => t.rV)); // ⟨r_V⟩
  const meanSquare = mean(trials.map((t) => m.mul(t.rV, t.rV))); // ⟨r_V²⟩
  const hebbian =
    ablation.hebbian === "bcm"
      ? mean(trials.map((t) => m.mul(m.mul(t.rV, t.sa), m.sub(t.rV, s.thetaM)))) // ⟨r_A r_V (r_V − θ_M)⟩
      : ablation.hebbian === "plain"
        ? mean(trials.map((t) => m.mul(t.rV, t.sa))) // ⟨r_A r_V⟩
        : 0;
  const scale = ablation.scaling ? m.add(1, m.mul(p.etaS / p.rho, m.sub(p.rho, meanRate))) : 1; // 1 + η_s(ρ − ⟨r_V⟩)/ρ
  const inhibition = ablation.inhibitoryHomeostasis ? m.add(1, m.mul(p.etaG / p.rho, m.sub(meanRate, p.rho))) : 1; // 1 + η_g(⟨r_V⟩ − ρ)/ρ
  return {
    wVA: m.clip(m.mul(m.add(s.wVA, m.mul(p.etaH, hebbian)), scale), 0, limits.wVAMax), // (w_VA + η_H·Hebb)·scale, in [0, w_max]
    wVL: m.mul(s.wVL, scale), // scaled with w_VA
    gI: ablation.inhibitoryHomeostasis ? m.clip(m.mul(s.gI, inhibition), limits.gIMin, limits.gIMax) : s.gI, // follows the mean rate
    thetaM: m.add(s.thetaM, m.div(m.sub(m.mul(meanSquare, 1 / p.rho), s.thetaM), p.tauTheta)) // θ_M + (⟨r_V²⟩/ρ − θ_M)/τ_θ
  };
}
