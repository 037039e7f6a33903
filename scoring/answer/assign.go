package answer

// assign finds a pairing of rows to columns of w that maximises the total
// weight (the Hungarian method, O(n³) for n = max(rows, columns)). A
// weight of 0 or less is no edge: such pairs are left out of the result,
// which gives, for each row, its column or -1.
func assign(w [][]int) []int {
	rows := len(w)
	if rows == 0 {
		return nil
	}
	cols := len(w[0])
	n := max(rows, cols)
	const inf = int(^uint(0) >> 2)
	cost := func(i, j int) int { // 1-based, on the square padded with zeros
		if i <= rows && j <= cols && w[i-1][j-1] > 0 {
			return -w[i-1][j-1]
		}
		return 0
	}
	u := make([]int, n+1)
	v := make([]int, n+1)
	p := make([]int, n+1) // p[j]: the row paired with column j
	way := make([]int, n+1)
	minv := make([]int, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j], used[j] = inf, false
		}
		for {
			used[j0] = true
			i0, delta, j1 := p[j0], inf, 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				if cur := cost(i0, j) - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
			if p[j0] == 0 {
				break
			}
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	out := make([]int, rows)
	for i := range out {
		out[i] = -1
	}
	for j := 1; j <= cols; j++ {
		if i := p[j]; i >= 1 && i <= rows && w[i-1][j-1] > 0 {
			out[i-1] = j - 1
		}
	}
	return out
}
