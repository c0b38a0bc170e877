// Package api is whosaid's HTTP layer: the router and its middleware, the
// one place errors become RFC 9457 problem documents, and the HTTP server
// with its timeouts and graceful shutdown. The handlers it routes to live in
// package handlers; api wires them to their dependencies in NewRouter.
//
//	@title						whosaid API
//	@version					0.1.0
//	@description				Who said what, where: quotes extracted from published documents, attributed to the people and organisations who said them, with offsets into the source text.
//	@description				Errors are RFC 9457 problem documents (application/problem+json) that name every bad field. Lists are paginated with opaque cursors: follow links.next.
//	@BasePath					/
//	@schemes					http https
//	@securityDefinitions.apikey	BearerAuth
//	@in							header
//	@name						Authorization
//	@description				Writes need an API key (whosaid keys create): enter "Bearer wsk_…". Reads, extract and verify are public.
//	@tag.name					quotes
//	@tag.description			Quotes, searchable and filterable
//	@tag.name					speakers
//	@tag.description			People and organisations who are quoted, and their aliases
//	@tag.name					sources
//	@tag.description			Published documents quotes are found in
//	@tag.name					extract
//	@tag.description			Quote extraction without storage
//	@tag.name					health
//	@tag.description			Liveness and readiness probes
package api
