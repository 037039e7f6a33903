package schedule

import (
	"math"

	"github.com/ontap/ontap/scoring"
)

// trainModel is the FSRS-6 memory model as fsrs-rs trains it, with
// hand-written reverse-mode derivatives. It differs from the scheduler
// (FSRS.NextMemory) only in the initial stability, which is w[G-1] clamped
// to [MinStability, MaxStability] rather than at least 0.1, so that the
// gradient reaches small values of w0..w3.
type trainModel struct {
	w      [NumParams]float64
	factor float64 // 0.9^(-1/w20) - 1
	dFact  float64 // d factor / d w20
	d0Easy float64 // w4 - e^(3*w5) + 1
	e3w5   float64 // e^(3*w5)
	expW8  float64
	lapseK float64 // e^(w17*w18)
	short  [4]float64
	initD  [4]float64 // w4 - e^(w5*(G-1)) + 1, unclamped
	expW5  [4]float64 // e^(w5*(G-1))
}

// ln09 is ln(0.9).
var ln09 = math.Log(0.9)

func newTrainModel(w []float64) *trainModel {
	m := &trainModel{}
	m.set(w)
	return m
}

func (m *trainModel) set(w []float64) {
	copy(m.w[:], w)
	m.factor = math.Exp(-ln09/m.w[20]) - 1
	m.dFact = (m.factor + 1) * ln09 / (m.w[20] * m.w[20])
	m.e3w5 = math.Exp(3 * m.w[5])
	m.d0Easy = m.w[4] - m.e3w5 + 1
	m.expW8 = math.Exp(m.w[8])
	m.lapseK = math.Exp(m.w[17] * m.w[18])
	for g := range 4 {
		m.short[g] = math.Exp(m.w[17] * (float64(g+1) - 3 + m.w[18]))
		m.expW5[g] = math.Exp(m.w[5] * float64(g))
		m.initD[g] = m.w[4] - m.expW5[g] + 1
	}
}

// recall is the forgetting curve (1 + factor*t/s)^(-w20).
func (m *trainModel) recall(t, s float64) float64 {
	return math.Exp(-m.w[20] * math.Log1p(m.factor*t/s))
}

// recallGrad returns R(t, s) and its derivatives by s and by w20.
func (m *trainModel) recallGrad(t, s float64) (r, dS, dW20 float64) {
	x := m.factor * t / s
	lu := math.Log1p(x)
	r = math.Exp(-m.w[20] * lu)
	u := 1 + x
	dS = r * m.w[20] * x / (u * s)
	dFactor := -r * m.w[20] / u * t / s
	dW20 = -r*lu + dFactor*m.dFact
	return r, dS, dW20
}

// clampPass clamps v to [lo, hi] and says whether the gradient passes.
func clampPass(v, lo, hi float64) (float64, bool) {
	if v < lo {
		return lo, false
	}
	if v > hi {
		return hi, false
	}
	return v, true
}

// init returns the state after a first review rated g.
func (m *trainModel) init(g scoring.Rating) (s, d float64) {
	s, _ = clampPass(m.w[g-1], MinStability, MaxStability)
	d, _ = clampPass(m.initD[g-1], 1, 10)
	return s, d
}

// step returns the state after a review rated g, t days after the previous
// one, from the state (s, d).
func (m *trainModel) step(s, d float64, t int, g scoring.Rating) (ns, nd float64) {
	w := &m.w
	nd0 := d - w[6]*float64(g-3)*(10-d)/9
	nd, _ = clampPass(w[7]*m.d0Easy+(1-w[7])*nd0, 1, 10)
	switch {
	case t == 0:
		sinc := m.short[g-1] * math.Exp(-w[19]*math.Log(s))
		if g >= scoring.Hard && sinc < 1 {
			sinc = 1
		}
		ns = s * sinc
	case g == scoring.Again:
		r := m.recall(float64(t), s)
		sf := w[11] * math.Exp(-w[12]*math.Log(d)) * (math.Exp(w[13]*math.Log1p(s)) - 1) * math.Exp((1-r)*w[14])
		ns = min(sf, s/m.lapseK)
	default:
		r := m.recall(float64(t), s)
		inc := m.expW8 * (11 - d) * math.Exp(-w[9]*math.Log(s)) * (math.Exp((1-r)*w[10]) - 1)
		switch g {
		case scoring.Hard:
			inc *= w[15]
		case scoring.Easy:
			inc *= w[16]
		}
		ns = s * (1 + inc)
	}
	ns, _ = clampPass(ns, MinStability, MaxStability)
	return ns, nd
}

// stepBack propagates the adjoints (gs, gd) of a step's output back to its
// inputs, adding the parameters' share to gw. The forward values are
// recomputed from the step's inputs.
func (m *trainModel) stepBack(s, d float64, t int, g scoring.Rating, gs, gd float64, gw *[NumParams]float64) (gsIn, gdIn float64) {
	w := &m.w
	// Difficulty.
	a := -w[6] * float64(g-3)
	nd0 := d + a*(10-d)/9
	nd1 := w[7]*m.d0Easy + (1-w[7])*nd0
	if _, ok := clampPass(nd1, 1, 10); ok && gd != 0 {
		gnd0 := gd * (1 - w[7])
		gdIn += gnd0 * (1 - a/9)
		gw[6] += gnd0 * (-float64(g-3) * (10 - d) / 9)
		gw[7] += gd * (m.d0Easy - nd0)
		gw[4] += gd * w[7]
		gw[5] += gd * w[7] * (-3 * m.e3w5)
	}
	if gs == 0 {
		return gsIn, gdIn
	}
	// Stability.
	switch {
	case t == 0:
		p := math.Exp(-w[19] * math.Log(s))
		sinc := m.short[g-1] * p
		floored := g >= scoring.Hard && sinc < 1
		if floored {
			sinc = 1
		}
		if _, ok := clampPass(s*sinc, MinStability, MaxStability); !ok {
			return gsIn, gdIn
		}
		if floored {
			gsIn += gs
			return gsIn, gdIn
		}
		ns := s * sinc
		gsIn += gs * sinc * (1 - w[19])
		gw[17] += gs * ns * (float64(g) - 3 + w[18])
		gw[18] += gs * ns * w[17]
		gw[19] += gs * ns * (-math.Log(s))
	case g == scoring.Again:
		r, drS, drW20 := m.recallGrad(float64(t), s)
		A := math.Exp(-w[12] * math.Log(d))
		sp := math.Exp(w[13] * math.Log1p(s))
		B := sp - 1
		C := math.Exp((1 - r) * w[14])
		sf := w[11] * A * B * C
		smin := s / m.lapseK
		if smin < sf {
			if _, ok := clampPass(smin, MinStability, MaxStability); !ok {
				return gsIn, gdIn
			}
			gsIn += gs / m.lapseK
			gw[17] += gs * (-smin * w[18])
			gw[18] += gs * (-smin * w[17])
			return gsIn, gdIn
		}
		if _, ok := clampPass(sf, MinStability, MaxStability); !ok {
			return gsIn, gdIn
		}
		gw[11] += gs * A * B * C
		gdIn += gs * sf * (-w[12] / d)
		gw[12] += gs * sf * (-math.Log(d))
		gw[13] += gs * w[11] * A * C * sp * math.Log1p(s)
		gsIn += gs * w[11] * A * C * w[13] * sp / (1 + s)
		gw[14] += gs * sf * (1 - r)
		gr := gs * sf * (-w[14])
		gsIn += gr * drS
		gw[20] += gr * drW20
	default:
		r, drS, drW20 := m.recallGrad(float64(t), s)
		P := math.Exp(-w[9] * math.Log(s))
		eq := math.Exp((1 - r) * w[10])
		Q := eq - 1
		mult := 1.0
		switch g {
		case scoring.Hard:
			mult = w[15]
		case scoring.Easy:
			mult = w[16]
		}
		base := m.expW8 * (11 - d) * P * Q // inc without the multiplier
		inc := base * mult
		if _, ok := clampPass(s*(1+inc), MinStability, MaxStability); !ok {
			return gsIn, gdIn
		}
		gsIn += gs * (1 + inc*(1-w[9]))
		gdIn += gs * (-s * m.expW8 * P * Q * mult)
		gw[8] += gs * s * inc
		gw[9] += gs * s * inc * (-math.Log(s))
		dQ := gs * s * m.expW8 * (11 - d) * P * mult
		gw[10] += dQ * (1 - r) * eq
		gr := dQ * (-w[10] * eq)
		gsIn += gr * drS
		gw[20] += gr * drW20
		switch g {
		case scoring.Hard:
			gw[15] += gs * s * base
		case scoring.Easy:
			gw[16] += gs * s * base
		}
	}
	return gsIn, gdIn
}

// initBack adds the gradient of the first review's state to gw.
func (m *trainModel) initBack(g scoring.Rating, gs, gd float64, gw *[NumParams]float64) {
	if _, ok := clampPass(m.w[g-1], MinStability, MaxStability); ok {
		gw[g-1] += gs
	}
	if _, ok := clampPass(m.initD[g-1], 1, 10); ok {
		gw[4] += gd
		gw[5] += gd * (-float64(g-1) * m.expW5[g-1])
	}
}

// predict runs the model over the item's history and returns the
// probability of recall at its last review.
func (m *trainModel) predict(revs []ItemReview) float64 {
	s, d := m.init(revs[0].Rating)
	for _, r := range revs[1 : len(revs)-1] {
		s, d = m.step(s, d, r.Days, r.Rating)
	}
	return m.recall(float64(revs[len(revs)-1].Days), s)
}

// probEps keeps predictions away from 0 and 1 in the log loss.
const probEps = 1e-7

// bce is the binary cross-entropy of prediction p for label y (1 recalled).
func bce(p, y float64) float64 {
	p = min(max(p, probEps), 1-probEps)
	if y > 0.5 {
		return -math.Log(p)
	}
	return -math.Log(1 - p)
}

// lossGrad returns weight × the binary cross-entropy of the item's
// prediction and adds its gradient to gw. ss and ds are scratch buffers of
// at least len(revs) values.
func (m *trainModel) lossGrad(revs []ItemReview, weight float64, gw *[NumParams]float64, ss, ds []float64) float64 {
	n := len(revs)
	s, d := m.init(revs[0].Rating)
	ss[0], ds[0] = s, d
	for i := 1; i < n-1; i++ {
		s, d = m.step(s, d, revs[i].Days, revs[i].Rating)
		ss[i], ds[i] = s, d
	}
	cur := revs[n-1]
	p, dpS, dpW20 := m.recallGrad(float64(cur.Days), s)
	y := 1.0
	if cur.Rating == scoring.Again {
		y = 0
	}
	loss := weight * bce(p, y)
	var gp float64
	if p > probEps && p < 1-probEps {
		if y == 1 {
			gp = -weight / p
		} else {
			gp = weight / (1 - p)
		}
	}
	if gp == 0 {
		return loss
	}
	gw[20] += gp * dpW20
	gs, gd := gp*dpS, 0.0
	for i := n - 2; i >= 1; i-- {
		gs, gd = m.stepBack(ss[i-1], ds[i-1], revs[i].Days, revs[i].Rating, gs, gd, gw)
	}
	m.initBack(revs[0].Rating, gs, gd, gw)
	return loss
}
