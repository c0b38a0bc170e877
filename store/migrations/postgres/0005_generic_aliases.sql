-- whosaid schema, version 5: aliases that are descriptions ("the head of
-- MI5", "a spokesman", "he") are removed, keeping each speaker's own name.
-- Which aliases are descriptions is the domain's rule (models.GenericAlias),
-- so the rows are chosen in Go: store/migrate.go's dataMigrations[5].
SELECT 1;
