"""Multinomial logistic regression over sparse rows, fitted with L-BFGS in numpy.

The loss is the mean cross-entropy plus ``l2 / 2 * |W|^2`` (the intercepts are not penalised).
Everything is computed in a fixed order (cumulative-sum segment totals, no random starts), so
the same data and settings give the same weights on every run (checked by the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .features import SparseRows

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Fitted:
    """One head: weights (features x classes), intercepts, and how the fit ended."""

    weights: np.ndarray
    bias: np.ndarray
    iterations: int
    loss: float


def _segment_sums(values: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Sums of the columns of ``values`` (classes x stored values) over the segments
    ``ptr[i]:ptr[i + 1]``, as classes x segments (empty segments give 0)."""
    cs = np.zeros((values.shape[0], values.shape[1] + 1), dtype=np.float64)
    np.cumsum(values, axis=1, out=cs[:, 1:])
    return cs[:, ptr[1:]] - cs[:, ptr[:-1]]


def scores(rows: SparseRows, weights_cf: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Logits (texts x classes) for weights laid out classes x features."""
    contrib = weights_cf[:, rows.indices] * rows.data
    return _segment_sums(contrib, rows.indptr).T + bias


class _Objective:
    """Loss and gradient of the penalised mean cross-entropy, for L-BFGS."""

    def __init__(
        self, rows: SparseRows, y: np.ndarray, n_features: int, n_classes: int, l2: float
    ) -> None:
        self.rows, self.y, self.l2 = rows, y, l2
        self.f, self.c = n_features, n_classes
        self.n = rows.n_rows
        # the stored values ordered by column, to sum the gradient per feature
        self.by_col = np.argsort(rows.indices, kind="stable")
        self.col_rows = rows.row_ids()[self.by_col]
        self.col_data = rows.data[self.by_col]
        self.col_ptr = np.searchsorted(rows.indices[self.by_col], np.arange(n_features + 1))

    def split(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = theta[: self.c * self.f].reshape(self.c, self.f)
        return w, theta[self.c * self.f :]

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = self.split(theta)
        logits = scores(self.rows, w, b)
        logits -= logits.max(axis=1, keepdims=True)
        log_z = np.log(np.exp(logits).sum(axis=1))
        picked = logits[np.arange(self.n), self.y]
        loss = float(np.mean(log_z - picked) + 0.5 * self.l2 * np.sum(w * w))
        g = np.exp(logits - log_z[:, None])
        g[np.arange(self.n), self.y] -= 1.0
        g /= self.n
        g_cn = np.ascontiguousarray(g.T)
        grad_w = _segment_sums(g_cn[:, self.col_rows] * self.col_data, self.col_ptr)
        grad_w = grad_w + self.l2 * w
        return loss, np.concatenate([grad_w.ravel(), g.sum(axis=0)])


def lbfgs(
    objective: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: np.ndarray,
    max_iter: int,
    memory: int = 10,
    tol: float = 1e-5,
    progress: Progress | None = None,
    label: str = "",
) -> tuple[np.ndarray, int, float]:
    """Minimise a smooth convex function; returns (x, iterations, final value)."""
    x = x0.copy()
    fx, g = objective(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    it = 0
    for it in range(1, max_iter + 1):
        q = g.copy()
        alphas: list[float] = []
        for s, y in zip(reversed(s_list), reversed(y_list), strict=True):
            a = float(s @ q) / float(y @ s)
            alphas.append(a)
            q -= a * y
        if s_list:
            q *= float(s_list[-1] @ y_list[-1]) / float(y_list[-1] @ y_list[-1])
        else:
            q /= max(1.0, float(np.linalg.norm(g)))
        for (s, y), a in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            beta = float(y @ q) / float(y @ s)
            q += s * (a - beta)
        d = -q
        slope = float(g @ d)
        if slope >= 0:  # not a descent direction: restart from the gradient
            s_list.clear()
            y_list.clear()
            d, slope = -g, -float(g @ g)
        step = 1.0
        while True:
            x_new = x + step * d
            f_new, g_new = objective(x_new)
            if f_new <= fx + 1e-4 * step * slope or step < 1e-12:
                break
            step *= 0.5
        s_vec, y_vec = x_new - x, g_new - g
        if float(s_vec @ y_vec) > 1e-12:
            s_list.append(s_vec)
            y_list.append(y_vec)
            if len(s_list) > memory:
                s_list.pop(0)
                y_list.pop(0)
        improvement = fx - f_new
        x, fx, g = x_new, f_new, g_new
        if progress is not None and it % 25 == 0:
            progress(f"{label}iteration {it}/{max_iter}: loss {fx:.4f}")
        if float(np.max(np.abs(g))) < tol or improvement < 1e-9 * max(1.0, abs(fx)):
            break
    return x, it, fx


def fit(
    rows: SparseRows,
    y: np.ndarray,
    n_features: int,
    n_classes: int,
    l2: float,
    max_iter: int,
    progress: Progress | None = None,
    label: str = "",
) -> Fitted:
    """Weights (features x classes, float64) and intercepts for labels ``y`` (class numbers)."""
    objective = _Objective(rows, y, n_features, n_classes, l2)
    counts = np.bincount(y, minlength=n_classes).astype(np.float64)
    prior = np.log((counts + 1.0) / (counts.sum() + n_classes))
    x0 = np.concatenate([np.zeros(n_classes * n_features), prior - prior.mean()])
    theta, iterations, loss = lbfgs(objective, x0, max_iter, progress=progress, label=label)
    w, b = objective.split(theta)
    return Fitted(np.ascontiguousarray(w.T), b.copy(), iterations, loss)
