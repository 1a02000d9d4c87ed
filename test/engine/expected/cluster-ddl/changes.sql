-- fresh

-- upgrade

ALTER TABLE `analytics_custom_events_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL timestamp + INTERVAL 30 DAY;

ALTER TABLE `analytics_events_local` ON CLUSTER `aviary_cluster` ADD COLUMN IF NOT EXISTS `channel` LowCardinality(String) DEFAULT '' CODEC(ZSTD(1));

ALTER TABLE `analytics_events` ON CLUSTER `aviary_cluster` ADD COLUMN IF NOT EXISTS `channel` LowCardinality(String) DEFAULT '';

ALTER TABLE `analytics_events_quarantine_local` ON CLUSTER `aviary_cluster` ADD COLUMN IF NOT EXISTS `channel` Nullable(String);

ALTER TABLE `analytics_events_quarantine` ON CLUSTER `aviary_cluster` ADD COLUMN IF NOT EXISTS `channel` Nullable(String);

ALTER TABLE `analytics_events_local` ON CLUSTER `aviary_cluster` MODIFY TTL timestamp + INTERVAL 30 DAY;

ALTER TABLE `analytics_page_views_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL timestamp + INTERVAL 30 DAY;

ALTER TABLE `analytics_pages_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL date + INTERVAL 30 DAY;

ALTER TABLE `analytics_sessions_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL date + INTERVAL 30 DAY;

ALTER TABLE `analytics_sources_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL date + INTERVAL 30 DAY;

ALTER TABLE `analytics_visits_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL date + INTERVAL 30 DAY;

ALTER TABLE `tenant_actions_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL last_seen + INTERVAL 30 DAY;

ALTER TABLE `tenant_domains_mv_local` ON CLUSTER `aviary_cluster` MODIFY TTL last_seen + INTERVAL 30 DAY;

ALTER TABLE `plain_log_local` ON CLUSTER `aviary_cluster` MODIFY TTL at + INTERVAL 30 DAY;

-- removal
