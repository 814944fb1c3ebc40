/* gnuplot.c — script generation for the two figure shapes of gnuplot.h. */
#define _GNU_SOURCE
#include "gnuplot.h"
#include "proc.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Paul Tol's "bright" scheme (colour-blind safe), Go gets Go's own blue. */
static const unsigned base_colors[] = {0x4477AA, 0xEE6677, 0x228833, 0xCCBB44, 0xAA3377, 0xBBBBBB};
static const unsigned go_color = 0x00ADD8;

char *gp_color(size_t b, int is_go, size_t p, size_t np)
{
    unsigned c = is_go ? go_color : base_colors[b % (sizeof base_colors / sizeof base_colors[0])];
    /* procs index 0 of np is lighter (mixed with white), the last is full. */
    double mix = np > 1 ? 0.55 * (double)(np - 1 - p) / (double)(np - 1) : 0;
    unsigned r = (c >> 16) & 255, g = (c >> 8) & 255, bl = c & 255;
    r = (unsigned)(r + (255 - r) * mix);
    g = (unsigned)(g + (255 - g) * mix);
    bl = (unsigned)(bl + (255 - bl) * mix);
    return xasprintf("#%02X%02X%02X", r, g, bl);
}

static void gp_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '\n') {
            fputs("\\n", f);
            continue;
        }
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void range_of(const double *v, size_t n, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && v[i] > 0) {
            if (v[i] < *lo)
                *lo = v[i];
            if (v[i] > *hi)
                *hi = v[i];
        }
}

static int run_gnuplot(const char *dir, const char *stem)
{
    char *script = xasprintf("%s.gp", stem), *log = xasprintf("%s/%s.log", dir, stem);
    char *argv[] = {"gnuplot", script, NULL};
    proc_spec sp = {
        .argv = argv, .cwd = dir, .stdout_path = log, .stderr_path = log, .timeout_s = 120};
    proc_result pr;
    int rc = proc_run(&sp, &pr);
    if (rc == 0 && (pr.how != PROC_EXITED || pr.code != 0)) {
        char *d = proc_describe(&pr, 120);
        rc = err("gnuplot %s/%s.gp: %s (see %s)", dir, stem, d, log);
        free(d);
    } else if (rc == 0) {
        char *png = xasprintf("%s/%s.png", dir, stem);
        if (!path_exists(png))
            rc = err("gnuplot wrote no %s", png);
        free(png);
        unlink(log);
    }
    free(script);
    free(log);
    return rc;
}

/* The files of one figure: the data, <dir>/<stem>.dat, written first, then
 * the script, <dir>/<stem>.gp, that draws it as PNG and as SVG. */
typedef struct {
    const char *dir, *stem;
    char *dat, *gp;
    FILE *f;
} figure;

/* Open the data file; NULL (reported, nothing to free) when it cannot be. */
static FILE *figure_data(figure *g, const char *dir, const char *stem)
{
    g->dir = dir;
    g->stem = stem;
    g->dat = xasprintf("%s/%s.dat", dir, stem);
    g->gp = xasprintf("%s/%s.gp", dir, stem);
    if (!(g->f = fopen(g->dat, "w"))) {
        err("cannot write %s", g->dat);
        free(g->dat);
        free(g->gp);
    }
    return g->f;
}

/* Close the data and open the script; NULL (reported, freed) when it cannot be. */
static FILE *figure_script(figure *g)
{
    fclose(g->f);
    if (!(g->f = fopen(g->gp, "w"))) {
        err("cannot write %s", g->gp);
        free(g->dat);
        free(g->gp);
    }
    return g->f;
}

/* Close the script and draw: run_gnuplot's result. */
static int figure_draw(figure *g)
{
    fclose(g->f);
    int rc = run_gnuplot(g->dir, g->stem);
    free(g->dat);
    free(g->gp);
    return rc;
}

/* The head of one of the script's two passes, PNG or SVG, w x h pixels,
 * reading the tab-separated data; the body follows. */
static void terminal(FILE *f, const char *stem, int svg, int w, int h)
{
    if (svg)
        fprintf(
            f,
            "set terminal svg size %d,%d dynamic noenhanced font \"DejaVu Sans,11\" background \"white\"\n",
            w, h);
    else
        fprintf(
            f,
            "set terminal pngcairo size %d,%d noenhanced font \"DejaVu Sans,10\" background \"white\"\n",
            w, h);
    fprintf(f, "set output \"%s.%s\"\n", stem, svg ? "svg" : "png");
    fputs("reset\nset datafile separator \"\\t\"\nset datafile missing \"?\"\n", f);
}

int gp_bars(const gp_bars_spec *s)
{
    double lo, hi;
    range_of(s->v, s->nrows * s->nseries, &lo, &hi);
    if (!isfinite(lo))
        return 1;
    bool whiskers = s->lo && s->hi;
    if (whiskers) {
        double l2, h2;
        range_of(s->lo, s->nrows * s->nseries, &l2, &h2);
        if (l2 < lo)
            lo = l2;
        range_of(s->hi, s->nrows * s->nseries, &l2, &h2);
        if (h2 > hi)
            hi = h2;
    }
    figure g;
    FILE *f = figure_data(&g, s->dir, s->stem);
    if (!f)
        return -1;
    for (size_t r = 0; r < s->nrows; r++) {
        fputs(s->rows[r], f);
        for (size_t k = 0; k < s->nseries; k++) {
            size_t i = r * s->nseries + k;
            double v = s->v[i];
            if (isfinite(v))
                fprintf(f, "\t%.6g", v);
            else
                fputs("\t?", f);
            if (s->lo && s->hi) {
                if (isfinite(v) && isfinite(s->lo[i]) && isfinite(s->hi[i]))
                    fprintf(f, "\t%.6g\t%.6g", s->lo[i], s->hi[i]);
                else
                    fputs("\t?\t?", f);
            }
        }
        fputc('\n', f);
    }
    bool logy = hi / lo > 30;
    int w = 260 + (int)(s->nrows * (s->nseries * 14 + 30)), h = 520;
    if (w < 760)
        w = 760;
    if (w > 2000)
        w = 2000;
    if (!(f = figure_script(&g)))
        return -1;
    for (int svg = 0; svg < 2; svg++) {
        terminal(f, s->stem, svg, w, h);
        fputs("set title ", f);
        gp_str(f, s->title);
        fputc('\n', f);
        fputs("set ylabel ", f);
        gp_str(f, s->ylabel);
        fputc('\n', f);
        fputs(
            whiskers
                ? "set style data histogram\nset style histogram errorbars gap 1 lw 1\nset bars front\n"
                : "set style data histogram\nset style histogram cluster gap 1\n",
            f);
        fputs(
            ""
            "set style fill solid 0.95 border rgb \"#404040\"\nset boxwidth 0.9 relative\n"
            "set grid ytics lc rgb \"#dddddd\"\nset key outside right top vertical Left reverse noautotitle\n"
            "set xtics nomirror rotate by -25 left\nset ytics nomirror\nset border 3\nset bmargin 6\n",
            f);
        if (logy)
            fprintf(f, "set logscale y 10\nset yrange [%g:%g]\nset format y \"%%.0s%%c\"\n",
                    pow(10, floor(log10(lo))), pow(10, ceil(log10(hi)) + 0.3));
        else
            fprintf(f, "set yrange [0:%g]\nset format y \"%%g\"\n", hi * 1.12);
        fprintf(f, "set xrange [-0.55:%g]\n", (double)s->nrows - 0.45);
        fputs("plot ", f);
        for (size_t k = 0; k < s->nseries; k++) {
            if (k)
                fputs(", \\\n     ", f);
            if (whiskers)
                fprintf(f, "\"%s.dat\" using %zu:%zu:%zu%s title ", s->stem, 3 * k + 2, 3 * k + 3,
                        3 * k + 4, k == 0 ? ":xtic(1)" : "");
            else
                fprintf(f, "\"%s.dat\" using %zu%s title ", s->stem, k + 2,
                        k == 0 ? ":xtic(1)" : "");
            gp_str(f, s->series[k]);
            fprintf(f, " lc rgb \"%s\"", s->colors[k]);
        }
        fputs("\nunset output\n", f);
    }
    return figure_draw(&g);
}

int gp_grid(const gp_grid_spec *s)
{
    size_t total = s->npanels * s->nseries * s->nx;
    double lo, hi;
    range_of(s->v, total, &lo, &hi);
    if (!isfinite(lo) || s->npanels == 0)
        return 1;
    figure g;
    FILE *f = figure_data(&g, s->dir, s->stem);
    if (!f)
        return -1;
    /* One data block per panel (index i): x, then one column per series. */
    for (size_t p = 0; p < s->npanels; p++) {
        fprintf(f, "# %s\n", s->panels[p]);
        for (size_t x = 0; x < s->nx; x++) {
            fprintf(f, "%g", s->x[x]);
            for (size_t k = 0; k < s->nseries; k++) {
                double v = s->v[(p * s->nseries + k) * s->nx + x];
                if (isfinite(v))
                    fprintf(f, "\t%.6g", v);
                else
                    fputs("\t?", f);
            }
            fputc('\n', f);
        }
        fputs("\n\n", f);
    }
    size_t cells = s->npanels + 1, cols = 1;
    while (cols * cols < cells)
        cols++;
    if (cols > 5)
        cols = 5;
    if (cols < 2)
        cols = 2;
    size_t rows = (cells + cols - 1) / cols;
    int w = (int)cols * 330, h = (int)rows * 250 + 40;
    if (!(f = figure_script(&g)))
        return -1;
    for (int svg = 0; svg < 2; svg++) {
        terminal(f, s->stem, svg, w, h);
        fprintf(f, "set multiplot layout %zu,%zu title ", rows, cols);
        gp_str(f, s->title);
        fputs(" font \",13\"\n", f);
        fputs(
            "set grid lc rgb \"#dddddd\"\nset key off\nset border 3\nset xtics nomirror\nset ytics nomirror\n",
            f);
        fputs("set xlabel ", f);
        gp_str(f, s->xlabel);
        fputs("\nset ylabel ", f);
        gp_str(f, s->ylabel);
        fputc('\n', f);
        if (s->log_x)
            fputs("set logscale x 2\n", f);
        double xlo = s->x[0], xhi = s->x[s->nx - 1];
        if (s->log_x)
            fprintf(f, "set xrange [%g:%g]\n", xlo / 1.3, xhi * 1.3);
        else
            fprintf(f, "set xrange [%g:%g]\n", xlo - 0.5, xhi + 0.5);
        fputs("set xtics (", f);
        for (size_t x = 0; x < s->nx; x++) {
            if (x)
                fputs(", ", f);
            if (s->xlabels) {
                gp_str(f, s->xlabels[x]);
                fprintf(f, " %g", s->x[x]);
            } else
                fprintf(f, "\"%g\" %g", s->x[x], s->x[x]);
        }
        fputs(")\n", f);
        for (size_t p = 0; p < s->npanels; p++) {
            double plo, phi;
            double *pv = xmalloc(s->nseries * s->nx * sizeof(double));
            memcpy(pv, s->v + p * s->nseries * s->nx, s->nseries * s->nx * sizeof(double));
            range_of(pv, s->nseries * s->nx, &plo, &phi);
            free(pv);
            fputs("set title ", f);
            gp_str(f, s->panels[p]);
            fputc('\n', f);
            if (isfinite(plo) && phi / plo > 30)
                fprintf(f, "set logscale y 10\nset yrange [%g:%g]\nset format y \"%%.0s%%c\"\n",
                        plo / 1.5, phi * 1.5);
            else if (isfinite(plo))
                fprintf(f, "unset logscale y\nset yrange [0:%g]\nset format y \"%%g\"\n",
                        phi * 1.15);
            else
                fputs("unset logscale y\nset yrange [0:1]\n", f);
            fputs("plot ", f);
            for (size_t k = 0; k < s->nseries; k++) {
                if (k)
                    fputs(", \\\n     ", f);
                fprintf(
                    f,
                    "\"%s.dat\" index %zu using 1:%zu with linespoints lw 2 pt 7 ps 0.8 lc rgb \"%s\" notitle",
                    s->stem, p, k + 2, s->colors[k]);
            }
            fputc('\n', f);
        }
        /* The legend panel: empty axes, one key entry per series, the note. */
        fputs(
            "unset title\nunset xlabel\nunset ylabel\nunset logscale\nunset grid\nunset border\nunset tics\n"
            "set xrange [0:1]\nset yrange [0:1]\nset key center center vertical Left reverse samplen 2 spacing 1.1\n",
            f);
        if (s->note) {
            fputs("set label 1 ", f);
            gp_str(f, s->note);
            fputs(" at graph 0.0, graph 0.02 left font \",8\"\n", f);
        }
        fputs("plot ", f);
        for (size_t k = 0; k < s->nseries; k++) {
            if (k)
                fputs(", ", f);
            fputs("NaN title ", f);
            gp_str(f, s->series[k]);
            fprintf(f, " with linespoints lw 2 pt 7 lc rgb \"%s\"", s->colors[k]);
        }
        fputs("\nunset label 1\nunset multiplot\nunset output\n", f);
    }
    return figure_draw(&g);
}
