/* gnuplot.h — two figure shapes drawn with gnuplot, each written as PNG
 * (pngcairo) and SVG from the same script:
 *   gp_bars:  clustered bars, one cluster per row label, one bar per series,
 *             with whiskers when lo/hi are given;
 *   gp_grid:  a grid of small line charts (one panel per benchmark) sharing
 *             one legend panel, for scaling (x = procs) and history (x = set).
 * Both pick a log y axis when the values span more than a factor of 30, put
 * the legend outside the data, and write <stem>.dat, <stem>.gp, <stem>.png,
 * <stem>.svg into `dir`.
 * Invariants: gnuplot is run as a child (no shell) with a timeout; NAN
 * values are written as missing ("?") and never drawn; a figure with no
 * finite value is not drawn (returns 1). */
#ifndef GRBENCH_GNUPLOT_H
#define GRBENCH_GNUPLOT_H

#include <stddef.h>

typedef struct {
    const char *dir, *stem, *title, *ylabel;
    size_t nrows, nseries;
    char **rows, **series, **colors; /* colors: "#rrggbb" */
    const double *v;                 /* nrows x nseries, row-major */
    const double *lo, *hi;           /* whiskers (e.g. min and max of the
                                          repetitions), same shape, or NULL */
} gp_bars_spec;

typedef struct {
    const char *dir, *stem, *title, *xlabel, *ylabel, *note;
    size_t npanels, nseries, nx;
    char **panels, **series, **colors;
    const double *x; /* nx */
    char **xlabels;  /* nx tick labels, or NULL for numeric */
    const double *v; /* npanels x nseries x nx */
    int log_x;       /* log2 x axis (procs) */
} gp_grid_spec;

/* 0 drawn, 1 nothing to draw, -1 gnuplot failed (reported). */
int gp_bars(const gp_bars_spec *s);
int gp_grid(const gp_grid_spec *s);

/* A colour for series k of backend b with procs index p of np. */
char *gp_color(size_t backend_index, int is_go, size_t p, size_t np);

#endif
