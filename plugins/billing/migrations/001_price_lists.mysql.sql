-- Price lists: one per clinic organization that the lab gives prices of its own.
-- `version` is the latest version saved; each save adds a version (its items) and
-- moves it on, conditionally on the version the editor started from.
CREATE TABLE billing_price_lists (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  organization_id BIGINT NOT NULL,
  version INT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX billing_price_lists_organization ON billing_price_lists (organization_id);

-- Who saved each version and when, in which currency its prices are written.
CREATE TABLE billing_price_list_versions (
  list_id BIGINT NOT NULL,
  version INT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  saved_by BIGINT NOT NULL,
  saved_at BIGINT NOT NULL,
  PRIMARY KEY (list_id, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A version's custom prices, in minor units; a catalog item without a row keeps the
-- default price.
CREATE TABLE billing_price_list_items (
  list_id BIGINT NOT NULL,
  version INT NOT NULL,
  product_code VARCHAR(64) NOT NULL,
  price_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  PRIMARY KEY (list_id, version, product_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The organization's owner accepted a version: from then on its prices apply, until a
-- later version is accepted. One acceptance per version.
CREATE TABLE billing_price_agreements (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  list_id BIGINT NOT NULL,
  organization_id BIGINT NOT NULL,
  version INT NOT NULL,
  accepted_by BIGINT NOT NULL,
  accepted_at BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE UNIQUE INDEX billing_price_agreements_version ON billing_price_agreements (list_id, version);
CREATE INDEX billing_price_agreements_organization ON billing_price_agreements (organization_id, version);
