package api

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/whosaid/whosaid/store"
)

// PoolStatser reports the database's connection pools; *store.Store
// implements it.
type PoolStatser interface {
	Stats() store.PoolStats
}

var _ PoolStatser = (*store.Store)(nil)

// metrics counts requests and their latency by route (the gin pattern,
// so that ids do not explode the label space), method and status, on a
// registry of the router's own: nothing is global, so tests can build
// many routers.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
}

func newMetrics(db PoolStatser) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "whosaid_http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "whosaid_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern, method and status.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "whosaid_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inFlight,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.reg.MustRegister(poolCollector{db: db})
	}
	return m
}

// middleware records each request once it is answered.
func (m *metrics) middleware(c *gin.Context) {
	start := time.Now()
	m.inFlight.Inc()
	defer m.inFlight.Dec()
	defer func() {
		code := c.Writer.Status()
		v := recover()
		if v != nil { // the recovery middleware answers 500
			code = 500
		}
		route := c.FullPath()
		if route == "" {
			route = "(none)"
		}
		status := strconv.Itoa(code)
		m.requests.WithLabelValues(route, c.Request.Method, status).Inc()
		m.latency.WithLabelValues(route, c.Request.Method, status).Observe(time.Since(start).Seconds())
		if v != nil {
			panic(v)
		}
	}()
	c.Next()
}

// handler serves the Prometheus text format at /metrics.
func (m *metrics) handler() gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		h.ServeHTTP(c.Writer, c.Request)
	}
}

// poolCollector exports sql.DBStats of the writer and reader pools.
type poolCollector struct{ db PoolStatser }

var (
	poolLabels   = []string{"pool"}
	poolOpen     = prometheus.NewDesc("whosaid_db_open_connections", "Open database connections.", poolLabels, nil)
	poolInUse    = prometheus.NewDesc("whosaid_db_in_use_connections", "Database connections in use.", poolLabels, nil)
	poolIdle     = prometheus.NewDesc("whosaid_db_idle_connections", "Idle database connections.", poolLabels, nil)
	poolMaxOpen  = prometheus.NewDesc("whosaid_db_max_open_connections", "The pool's connection limit.", poolLabels, nil)
	poolWaits    = prometheus.NewDesc("whosaid_db_wait_count_total", "Times a query waited for a connection.", poolLabels, nil)
	poolWaitTime = prometheus.NewDesc("whosaid_db_wait_seconds_total", "Time spent waiting for a connection.", poolLabels, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolMaxOpen, poolWaits, poolWaitTime} {
		ch <- d
	}
}

func (p poolCollector) Collect(ch chan<- prometheus.Metric) {
	ps := p.db.Stats()
	for pool, s := range map[string]struct {
		open, inUse, idle, maxOpen int
		waits                      int64
		wait                       time.Duration
	}{
		"writer": {ps.Writer.OpenConnections, ps.Writer.InUse, ps.Writer.Idle, ps.Writer.MaxOpenConnections, ps.Writer.WaitCount, ps.Writer.WaitDuration},
		"reader": {ps.Reader.OpenConnections, ps.Reader.InUse, ps.Reader.Idle, ps.Reader.MaxOpenConnections, ps.Reader.WaitCount, ps.Reader.WaitDuration},
	} {
		ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.open), pool)
		ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.inUse), pool)
		ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.idle), pool)
		ch <- prometheus.MustNewConstMetric(poolMaxOpen, prometheus.GaugeValue, float64(s.maxOpen), pool)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.waits), pool)
		ch <- prometheus.MustNewConstMetric(poolWaitTime, prometheus.CounterValue, s.wait.Seconds(), pool)
	}
}
