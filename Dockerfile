# syntax=docker/dockerfile:1
# Build stage: the same script CI runs (scripts/check-build.sh builds with it).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=docker
RUN scripts/build.sh /out/whosaid "$VERSION"
RUN mkdir -p /out/data

# Run stage: a static binary on a minimal base, as an unprivileged user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/whosaid /usr/local/bin/whosaid
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot:nonroot
ENV WHOSAID_ADDR=:8080 \
    WHOSAID_DB=/data/whosaid.db
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/whosaid", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/whosaid"]
CMD ["serve"]
