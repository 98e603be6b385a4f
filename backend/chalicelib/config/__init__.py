"""The firm's configuration (`firm.toml`) and its readers: the backend's (`firm`) and the site's (`site_context`)."""
