-- fresh

CREATE TABLE IF NOT EXISTS `analytics_custom_events_mv` ON CLUSTER `aviary_cluster`
(
  `timestamp` DateTime,
  `session_id` String,
  `tenant_id` String,
  `domain` String,
  `action` LowCardinality(String),
  `payload` String,
  `visitor_id` String
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_custom_events_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_custom_events_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `timestamp` Nullable(String),
  `session_id` Nullable(String),
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `action` Nullable(String),
  `payload` Nullable(String),
  `visitor_id` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_custom_events_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_events` ON CLUSTER `aviary_cluster`
(
  `timestamp` DateTime,
  `session_id` Nullable(String),
  `action` LowCardinality(String),
  `version` LowCardinality(String),
  `payload` String,
  `tenant_id` String DEFAULT '',
  `domain` String DEFAULT '',
  `visitor_id` String DEFAULT ''
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_events_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_events_quarantine` ON CLUSTER `aviary_cluster`
(
  `timestamp` Nullable(String),
  `session_id` Nullable(String),
  `action` Nullable(String),
  `version` Nullable(String),
  `payload` Nullable(String),
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `visitor_id` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_events_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_funnels` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `funnel_id` String,
  `name` String,
  `steps` Array(String),
  `window_minutes` UInt32 DEFAULT 30,
  `deleted` UInt8 DEFAULT 0,
  `updated_at` DateTime64(3) DEFAULT now64(3),
  `per` String DEFAULT 'session'
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_funnels_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_funnels_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `funnel_id` Nullable(String),
  `name` Nullable(String),
  `steps` Nullable(String),
  `window_minutes` Nullable(String),
  `deleted` Nullable(String),
  `updated_at` Nullable(String),
  `per` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_funnels_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_goals` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `goal_id` String,
  `name` String,
  `kind` LowCardinality(String),
  `match` String,
  `revenue_property` String DEFAULT '',
  `currency` LowCardinality(String) DEFAULT '',
  `deleted` UInt8 DEFAULT 0,
  `updated_at` DateTime64(3) DEFAULT now64(3)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_goals_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_goals_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `goal_id` Nullable(String),
  `name` Nullable(String),
  `kind` Nullable(String),
  `match` Nullable(String),
  `revenue_property` Nullable(String),
  `currency` Nullable(String),
  `deleted` Nullable(String),
  `updated_at` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_goals_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_page_views_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `timestamp` DateTime,
  `session_id` String,
  `pathname` String,
  `device` LowCardinality(String),
  `browser` LowCardinality(String),
  `location` LowCardinality(String),
  `visitor_id` String
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_page_views_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_page_views_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `timestamp` Nullable(String),
  `session_id` Nullable(String),
  `pathname` Nullable(String),
  `device` Nullable(String),
  `browser` Nullable(String),
  `location` Nullable(String),
  `visitor_id` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_page_views_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_pages_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `date` DateTime,
  `device` LowCardinality(String),
  `browser` LowCardinality(String),
  `location` LowCardinality(String),
  `pathname` String,
  `visits` AggregateFunction(uniqExact, String),
  `hits` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_pages_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_pages_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `date` Nullable(String),
  `device` Nullable(String),
  `browser` Nullable(String),
  `location` Nullable(String),
  `pathname` Nullable(String),
  `visits` Nullable(String),
  `hits` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_pages_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_sessions_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `date` DateTime,
  `session_id` String,
  `device` SimpleAggregateFunction(any, LowCardinality(String)),
  `browser` SimpleAggregateFunction(any, LowCardinality(String)),
  `location` SimpleAggregateFunction(any, LowCardinality(String)),
  `first_hit` SimpleAggregateFunction(min, DateTime),
  `latest_hit` SimpleAggregateFunction(max, DateTime),
  `hits` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_sessions_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_sessions_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `date` Nullable(String),
  `session_id` Nullable(String),
  `device` Nullable(String),
  `browser` Nullable(String),
  `location` Nullable(String),
  `first_hit` Nullable(String),
  `latest_hit` Nullable(String),
  `hits` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_sessions_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_sources_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `date` DateTime,
  `device` LowCardinality(String),
  `browser` LowCardinality(String),
  `location` LowCardinality(String),
  `referrer` String,
  `visits` AggregateFunction(uniqExact, String),
  `hits` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_sources_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_sources_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `date` Nullable(String),
  `device` Nullable(String),
  `browser` Nullable(String),
  `location` Nullable(String),
  `referrer` Nullable(String),
  `visits` Nullable(String),
  `hits` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_sources_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `analytics_visits_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `date` DateTime,
  `session_id` String,
  `landing` AggregateFunction(argMin, Tuple(String, String, String, String, String, String, String, String), DateTime),
  `last_page` AggregateFunction(argMax, String, DateTime),
  `device` SimpleAggregateFunction(any, LowCardinality(String)),
  `browser` SimpleAggregateFunction(any, LowCardinality(String)),
  `location` SimpleAggregateFunction(any, LowCardinality(String)),
  `os` SimpleAggregateFunction(any, LowCardinality(String)),
  `os_version` SimpleAggregateFunction(any, LowCardinality(String)),
  `screen` SimpleAggregateFunction(any, LowCardinality(String)),
  `language` SimpleAggregateFunction(any, LowCardinality(String)),
  `region` SimpleAggregateFunction(any, String),
  `city` SimpleAggregateFunction(any, String),
  `first_hit` SimpleAggregateFunction(min, DateTime),
  `latest_hit` SimpleAggregateFunction(max, DateTime),
  `hits` AggregateFunction(count),
  `first_view` SimpleAggregateFunction(min, Tuple(UInt64, String, String, String, String, String, String, String, String)) DEFAULT tupleConcat(tuple(toUInt64(toUnixTimestamp(first_hit))), finalizeAggregation(landing)),
  `last_view` SimpleAggregateFunction(max, Tuple(UInt64, String)) DEFAULT tuple(toUInt64(toUnixTimestamp(latest_hit)), finalizeAggregation(last_page))
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_visits_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `analytics_visits_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `date` Nullable(String),
  `session_id` Nullable(String),
  `landing` Nullable(String),
  `last_page` Nullable(String),
  `device` Nullable(String),
  `browser` Nullable(String),
  `location` Nullable(String),
  `os` Nullable(String),
  `os_version` Nullable(String),
  `screen` Nullable(String),
  `language` Nullable(String),
  `region` Nullable(String),
  `city` Nullable(String),
  `first_hit` Nullable(String),
  `latest_hit` Nullable(String),
  `hits` Nullable(String),
  `first_view` Nullable(String),
  `last_view` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'analytics_visits_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `tenant_actions_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `action` LowCardinality(String),
  `last_payload` AggregateFunction(argMax, String, DateTime),
  `last_seen` SimpleAggregateFunction(max, DateTime),
  `total_occurrences` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'tenant_actions_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `tenant_actions_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `action` Nullable(String),
  `last_payload` Nullable(String),
  `last_seen` Nullable(String),
  `total_occurrences` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'tenant_actions_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `tenant_domains_mv` ON CLUSTER `aviary_cluster`
(
  `tenant_id` String,
  `domain` String,
  `first_seen` SimpleAggregateFunction(min, DateTime),
  `last_seen` SimpleAggregateFunction(max, DateTime),
  `total_hits` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'tenant_domains_mv_local', cityHash64(tenant_id));

CREATE TABLE IF NOT EXISTS `tenant_domains_mv_quarantine` ON CLUSTER `aviary_cluster`
(
  `tenant_id` Nullable(String),
  `domain` Nullable(String),
  `first_seen` Nullable(String),
  `last_seen` Nullable(String),
  `total_hits` Nullable(String),
  `c__error_column` Array(String),
  `c__error` Array(String),
  `c__import_id` Nullable(String),
  `insertion_date` DateTime DEFAULT now()
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'tenant_domains_mv_quarantine_local', cityHash64(c__error));

CREATE TABLE IF NOT EXISTS `raw_hits` ON CLUSTER `aviary_cluster`
(
  `path` String,
  `at` DateTime
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'raw_hits_local', rand());

CREATE TABLE IF NOT EXISTS `hits_by_path` ON CLUSTER `aviary_cluster`
(
  `path` String,
  `hits` AggregateFunction(count)
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'hits_by_path_local', rand());

CREATE TABLE IF NOT EXISTS `plain_log` ON CLUSTER `aviary_cluster`
(
  `path` String,
  `at` DateTime
)
ENGINE = Distributed('aviary_cluster', 'aviary', 'plain_log_local', cityHash64(path, at));

-- upgrade

-- removal
