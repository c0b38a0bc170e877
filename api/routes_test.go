package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// testRoutes is the whole route table, /metrics included, with handlers
// on no store: enough to read each route's role and rate class.
func testRoutes() []route {
	log := slog.New(slog.DiscardHandler)
	ps := problems{log: log}
	return hardenRouter(newEngine(log), Deps{Log: log}, ps, routeTable(Deps{Log: log}, log, ps)...)
}

// TestRouterServesTheRouteTable: the router serves the table's routes and
// nothing else (each GET answers HEAD too), every route names a known
// role and rate class, and no route is listed twice.
func TestRouterServesTheRouteTable(t *testing.T) {
	t.Parallel()
	var want []string
	for _, rt := range testRoutes() {
		want = append(want, rt.method+" "+rt.path)
		if rt.method == http.MethodGet {
			want = append(want, http.MethodHead+" "+rt.path)
		}
		switch rt.role {
		case rolePublic, roleEditor, roleAdmin:
		default:
			t.Errorf("%s %s: unknown role %q", rt.method, rt.path, rt.role)
		}
		if rt.rate != rateClient {
			t.Errorf("%s %s: unknown rate class %d", rt.method, rt.path, rt.rate)
		}
		if len(rt.handlers) == 0 || rt.handlers[len(rt.handlers)-1] == nil {
			t.Errorf("%s %s: no handler", rt.method, rt.path)
		}
	}
	var got []string
	for _, rt := range NewRouter(Deps{Log: testLogger(t)}).Routes() {
		got = append(got, rt.Method+" "+rt.Path)
	}
	slices.Sort(want)
	slices.Sort(got)
	if dup := slices.Compact(slices.Clone(want)); len(dup) != len(want) {
		t.Errorf("the route table lists a route twice")
	}
	if !slices.Equal(got, want) {
		t.Errorf("the router serves\n%s\nthe route table says\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRouteTableMatchesTheSpec holds the route table to the OpenAPI spec
// (docs/swagger.json, which TestDocsAreCurrent holds to the swag
// annotations in handlers/): every /api/ route is documented and every
// documented operation is in the table; an operation has a @Security
// note (with 401 among its answers) exactly when its route needs a key,
// and documents 403 when it needs an admin's; the routes the spec leaves
// out are public.
func TestRouteTableMatchesTheSpec(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "docs", "swagger.json"))
	if err != nil {
		t.Fatal(err)
	}
	type operation struct {
		Security  []map[string][]string `json:"security"`
		Responses map[string]json.RawMessage
	}
	var spec struct {
		Paths map[string]map[string]operation
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	documented := map[string]operation{}
	for path, ops := range spec.Paths {
		for method, op := range ops {
			documented[strings.ToUpper(method)+" "+path] = op
		}
	}
	// ginPath turns the spec's /quotes/{id} into gin's /quotes/:id.
	ginPath := strings.NewReplacer("{", ":", "}", "")
	inTable := map[string]bool{}
	for _, rt := range testRoutes() {
		name := rt.method + " " + rt.path
		inTable[name] = true
		var op operation
		found := false
		for doc, o := range documented {
			if ginPath.Replace(doc) == name {
				op, found = o, true
			}
		}
		switch {
		case !found && strings.HasPrefix(rt.path, "/api/"):
			t.Errorf("%s is not in docs/swagger.json: annotate its handler and run sh api/gendocs.sh", name)
		case !found && rt.role != rolePublic:
			t.Errorf("%s needs the %s role but is not documented", name, rt.role)
		case !found:
		case rt.role == rolePublic && len(op.Security) > 0:
			t.Errorf("%s is public in the route table but has @Security in its annotations", name)
		case rt.role != rolePublic && len(op.Security) == 0:
			t.Errorf("%s needs the %s role in the route table but has no @Security in its annotations", name, rt.role)
		case rt.role != rolePublic && op.Responses["401"] == nil:
			t.Errorf("%s needs the %s role but documents no 401", name, rt.role)
		case rt.role == roleAdmin && op.Responses["403"] == nil:
			t.Errorf("%s needs the admin role but documents no 403", name)
		}
	}
	for doc := range documented {
		if !inTable[ginPath.Replace(doc)] {
			t.Errorf("docs/swagger.json documents %s, which is not in the route table", doc)
		}
	}
}
