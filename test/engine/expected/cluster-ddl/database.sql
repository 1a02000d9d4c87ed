-- fresh

CREATE DATABASE IF NOT EXISTS aviary ON CLUSTER `aviary_cluster`;

-- upgrade

-- removal
