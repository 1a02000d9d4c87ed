-- fresh

-- upgrade

-- removal

DROP TABLE IF EXISTS `hits_by_path` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `hits_by_path_local` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `hits_by_path_quarantine` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `hits_by_path_quarantine_local` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `plain_log` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `plain_log_local` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `plain_log_quarantine` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `plain_log_quarantine_local` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `raw_hits` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `raw_hits_local` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `raw_hits_quarantine` ON CLUSTER `aviary_cluster` SYNC;

DROP TABLE IF EXISTS `raw_hits_quarantine_local` ON CLUSTER `aviary_cluster` SYNC;
