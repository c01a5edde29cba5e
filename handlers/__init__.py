"""Flask blueprints; thin: they parse, call `actions`/`badges`, and shape JSON or pages."""
