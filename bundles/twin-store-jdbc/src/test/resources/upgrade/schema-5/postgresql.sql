-- Written by Dayuan at commit fde48391 (schema version 5) with pg_dump --inserts --no-owner --no-privileges;
-- the schema's name is replaced by ${schema}, psql's meta-commands and the CREATE SCHEMA are left out.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ${schema}; Type: SCHEMA; Schema: -; Owner: -
--



SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: dayuan_audit; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_audit (
    seq bigint NOT NULL,
    ts timestamp with time zone NOT NULL,
    subject character varying(256) NOT NULL,
    thing_id character varying(256) NOT NULL,
    namespace character varying(256) NOT NULL,
    record_json character varying NOT NULL,
    telemetry boolean DEFAULT false NOT NULL
);


--
-- Name: dayuan_checkpoint; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_checkpoint (
    seq bigint NOT NULL,
    ts timestamp with time zone NOT NULL,
    created timestamp with time zone NOT NULL
);


--
-- Name: dayuan_checkpoint_twin; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_checkpoint_twin (
    thing_id character varying(256) NOT NULL,
    seq bigint NOT NULL,
    revision bigint NOT NULL,
    ts timestamp with time zone NOT NULL,
    twin_json character varying
);


--
-- Name: dayuan_event; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_event (
    seq bigint NOT NULL,
    thing_id character varying(256) NOT NULL,
    revision bigint NOT NULL,
    ts timestamp with time zone NOT NULL,
    event_json character varying NOT NULL,
    life bigint,
    ends_life boolean
);


--
-- Name: dayuan_history_horizon; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_history_horizon (
    id integer NOT NULL,
    seq bigint NOT NULL,
    ts timestamp with time zone NOT NULL
);


--
-- Name: dayuan_schema_version; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_schema_version (
    version integer NOT NULL,
    description character varying(200) NOT NULL,
    applied timestamp with time zone NOT NULL
);


--
-- Name: dayuan_snapshot; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_snapshot (
    generation bigint NOT NULL,
    seq bigint NOT NULL,
    twin_count integer NOT NULL,
    created timestamp with time zone NOT NULL,
    complete boolean NOT NULL
);


--
-- Name: dayuan_snapshot_twin; Type: TABLE; Schema: ${schema}; Owner: -
--

CREATE TABLE ${schema}.dayuan_snapshot_twin (
    generation bigint NOT NULL,
    thing_id character varying(256) NOT NULL,
    twin_json character varying NOT NULL
);


--
-- Data for Name: dayuan_audit; Type: TABLE DATA; Schema: ${schema}; Owner: -
--

INSERT INTO ${schema}.dayuan_audit VALUES (1, '2026-12-07 09:27:31.759779+00', 'fixture-writer', 'cz.wujin:campus', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.759779725Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:campus","type":"created","path":"/","_revision":1,"before":null,"after":{"thingId":"cz.wujin:campus","attributes":{"name":"武进区行政中心"}},"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (2, '2026-12-07 09:27:31.770224+00', 'fixture-writer', 'cz.wujin:building-a', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.770224296Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:building-a","type":"created","path":"/","_revision":1,"before":null,"after":{"thingId":"cz.wujin:building-a","attributes":{"name":"A","parent":"cz.wujin:campus"}},"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (3, '2026-12-07 09:27:31.776591+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.776591619Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"created","path":"/","_revision":1,"before":null,"after":{"thingId":"cz.wujin:room-101","attributes":{"name":"101","parent":"cz.wujin:building-a","area":18.5},"features":{"occupancy":{"properties":{"count":0}}}},"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (4, '2026-12-07 09:27:31.782186+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.782186092Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"modified","path":"/features/occupancy/properties/count","_revision":2,"before":0,"after":1,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (5, '2026-12-07 09:27:31.786052+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.786052478Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"modified","path":"/features/occupancy/properties/count","_revision":3,"before":1,"after":2,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (6, '2026-12-07 09:27:31.793967+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.793967150Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"modified","path":"/features/occupancy/properties/count","_revision":4,"before":2,"after":3,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (7, '2026-12-07 09:27:31.798087+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.798087854Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"modified","path":"/features/occupancy/properties/count","_revision":5,"before":3,"after":4,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (8, '2026-12-07 09:27:31.809987+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.809987447Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"modified","path":"/features/occupancy/properties/count","_revision":6,"before":4,"after":5,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (9, '2026-12-07 09:27:31.818092+00', 'fixture-writer', 'cz.xinbei:meter-7', 'cz.xinbei', '{"timestamp":"2026-12-07T09:27:31.818092833Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.xinbei:meter-7","type":"created","path":"/","_revision":1,"before":null,"after":{"thingId":"cz.xinbei:meter-7","features":{"energy":{"properties":{"reading":1}}}},"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (10, '2026-12-07 09:27:31.822184+00', 'fixture-writer', 'cz.xinbei:meter-7', 'cz.xinbei', '{"timestamp":"2026-12-07T09:27:31.822184067Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.xinbei:meter-7","type":"modified","path":"/features/energy/properties/reading","_revision":2,"before":1,"after":2,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (11, '2026-12-07 09:27:31.826041+00', 'fixture-writer', 'cz.xinbei:meter-7', 'cz.xinbei', '{"timestamp":"2026-12-07T09:27:31.826041550Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.xinbei:meter-7","type":"deleted","path":"/","_revision":3,"before":{"thingId":"cz.xinbei:meter-7","features":{"energy":{"properties":{"reading":2}}}},"after":null,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (12, '2026-12-07 09:27:31.839015+00', 'fixture-writer', 'cz.xinbei:meter-7', 'cz.xinbei', '{"timestamp":"2026-12-07T09:27:31.839015009Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.xinbei:meter-7","type":"created","path":"/","_revision":1,"before":null,"after":{"thingId":"cz.xinbei:meter-7","features":{"energy":{"properties":{"reading":100}}}},"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (13, '2026-12-07 09:27:31.844607+00', 'fixture-writer', 'cz.xinbei:meter-7', 'cz.xinbei', '{"timestamp":"2026-12-07T09:27:31.844607310Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.xinbei:meter-7","type":"modified","path":"/features/energy/properties/reading","_revision":2,"before":100,"after":101,"telemetry":false}', false);
INSERT INTO ${schema}.dayuan_audit VALUES (14, '2026-12-07 09:27:31.854193+00', 'fixture-writer', 'cz.wujin:room-101', 'cz.wujin', '{"timestamp":"2026-12-07T09:27:31.854193145Z","subject":"fixture-writer","origin":"http 127.0.0.1","thingId":"cz.wujin:room-101","type":"merged","path":"/attributes","_revision":7,"before":{"area":18.5},"after":{"area":19,"usage":"office"},"telemetry":false}', false);


--
-- Data for Name: dayuan_checkpoint; Type: TABLE DATA; Schema: ${schema}; Owner: -
--



--
-- Data for Name: dayuan_checkpoint_twin; Type: TABLE DATA; Schema: ${schema}; Owner: -
--



--
-- Data for Name: dayuan_event; Type: TABLE DATA; Schema: ${schema}; Owner: -
--

INSERT INTO ${schema}.dayuan_event VALUES (1, 'cz.wujin:campus', 1, '2026-12-07 09:27:31.75978+00', '{"type":"created","thingId":"cz.wujin:campus","path":"/","value":{"thingId":"cz.wujin:campus","attributes":{"name":"武进区行政中心"}},"_revision":1,"timestamp":"2026-12-07T09:27:31.759779725Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (2, 'cz.wujin:building-a', 1, '2026-12-07 09:27:31.770224+00', '{"type":"created","thingId":"cz.wujin:building-a","path":"/","value":{"thingId":"cz.wujin:building-a","attributes":{"name":"A","parent":"cz.wujin:campus"}},"_revision":1,"timestamp":"2026-12-07T09:27:31.770224296Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (3, 'cz.wujin:room-101', 1, '2026-12-07 09:27:31.776592+00', '{"type":"created","thingId":"cz.wujin:room-101","path":"/","value":{"thingId":"cz.wujin:room-101","attributes":{"name":"101","parent":"cz.wujin:building-a","area":18.5},"features":{"occupancy":{"properties":{"count":0}}}},"_revision":1,"timestamp":"2026-12-07T09:27:31.776591619Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (4, 'cz.wujin:room-101', 2, '2026-12-07 09:27:31.782186+00', '{"type":"modified","thingId":"cz.wujin:room-101","path":"/features/occupancy/properties/count","value":1,"_revision":2,"timestamp":"2026-12-07T09:27:31.782186092Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (5, 'cz.wujin:room-101', 3, '2026-12-07 09:27:31.786052+00', '{"type":"modified","thingId":"cz.wujin:room-101","path":"/features/occupancy/properties/count","value":2,"_revision":3,"timestamp":"2026-12-07T09:27:31.786052478Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (6, 'cz.wujin:room-101', 4, '2026-12-07 09:27:31.793967+00', '{"type":"modified","thingId":"cz.wujin:room-101","path":"/features/occupancy/properties/count","value":3,"_revision":4,"timestamp":"2026-12-07T09:27:31.793967150Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (7, 'cz.wujin:room-101', 5, '2026-12-07 09:27:31.798088+00', '{"type":"modified","thingId":"cz.wujin:room-101","path":"/features/occupancy/properties/count","value":4,"_revision":5,"timestamp":"2026-12-07T09:27:31.798087854Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (8, 'cz.wujin:room-101', 6, '2026-12-07 09:27:31.809987+00', '{"type":"modified","thingId":"cz.wujin:room-101","path":"/features/occupancy/properties/count","value":5,"_revision":6,"timestamp":"2026-12-07T09:27:31.809987447Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (9, 'cz.xinbei:meter-7', 1, '2026-12-07 09:27:31.818093+00', '{"type":"created","thingId":"cz.xinbei:meter-7","path":"/","value":{"thingId":"cz.xinbei:meter-7","features":{"energy":{"properties":{"reading":1}}}},"_revision":1,"timestamp":"2026-12-07T09:27:31.818092833Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (10, 'cz.xinbei:meter-7', 2, '2026-12-07 09:27:31.822184+00', '{"type":"modified","thingId":"cz.xinbei:meter-7","path":"/features/energy/properties/reading","value":2,"_revision":2,"timestamp":"2026-12-07T09:27:31.822184067Z","subject":"fixture-writer"}', 0, false);
INSERT INTO ${schema}.dayuan_event VALUES (11, 'cz.xinbei:meter-7', 3, '2026-12-07 09:27:31.826042+00', '{"type":"deleted","thingId":"cz.xinbei:meter-7","path":"/","_revision":3,"timestamp":"2026-12-07T09:27:31.826041550Z","subject":"fixture-writer"}', 0, true);
INSERT INTO ${schema}.dayuan_event VALUES (12, 'cz.xinbei:meter-7', 1, '2026-12-07 09:27:31.839015+00', '{"type":"created","thingId":"cz.xinbei:meter-7","path":"/","value":{"thingId":"cz.xinbei:meter-7","features":{"energy":{"properties":{"reading":100}}}},"_revision":1,"timestamp":"2026-12-07T09:27:31.839015009Z","subject":"fixture-writer"}', 11, false);
INSERT INTO ${schema}.dayuan_event VALUES (13, 'cz.xinbei:meter-7', 2, '2026-12-07 09:27:31.844607+00', '{"type":"modified","thingId":"cz.xinbei:meter-7","path":"/features/energy/properties/reading","value":101,"_revision":2,"timestamp":"2026-12-07T09:27:31.844607310Z","subject":"fixture-writer"}', 11, false);
INSERT INTO ${schema}.dayuan_event VALUES (14, 'cz.wujin:room-101', 7, '2026-12-07 09:27:31.854193+00', '{"type":"merged","thingId":"cz.wujin:room-101","path":"/attributes","value":{"area":19,"usage":"office"},"_revision":7,"timestamp":"2026-12-07T09:27:31.854193145Z","subject":"fixture-writer"}', 0, false);


--
-- Data for Name: dayuan_history_horizon; Type: TABLE DATA; Schema: ${schema}; Owner: -
--



--
-- Data for Name: dayuan_schema_version; Type: TABLE DATA; Schema: ${schema}; Owner: -
--

INSERT INTO ${schema}.dayuan_schema_version VALUES (1, 'journal and snapshots', '2026-12-07 09:27:31.680769+00');
INSERT INTO ${schema}.dayuan_schema_version VALUES (2, 'history checkpoints and retention horizon', '2026-12-07 09:27:31.71946+00');
INSERT INTO ${schema}.dayuan_schema_version VALUES (3, 'audit trail', '2026-12-07 09:27:31.739876+00');
INSERT INTO ${schema}.dayuan_schema_version VALUES (4, 'telemetry in the audit trail', '2026-12-07 09:27:31.744249+00');
INSERT INTO ${schema}.dayuan_schema_version VALUES (5, 'one event per twin, life and revision', '2026-12-07 09:27:31.751061+00');


--
-- Data for Name: dayuan_snapshot; Type: TABLE DATA; Schema: ${schema}; Owner: -
--

INSERT INTO ${schema}.dayuan_snapshot VALUES (1, 11, 3, '2026-12-07 09:27:31.831227+00', true);


--
-- Data for Name: dayuan_snapshot_twin; Type: TABLE DATA; Schema: ${schema}; Owner: -
--

INSERT INTO ${schema}.dayuan_snapshot_twin VALUES (1, 'cz.wujin:campus', '{"thingId":"cz.wujin:campus","attributes":{"name":"武进区行政中心"},"_revision":1,"_created":"2026-12-07T09:27:31.759779725Z","_modified":"2026-12-07T09:27:31.759779725Z"}');
INSERT INTO ${schema}.dayuan_snapshot_twin VALUES (1, 'cz.wujin:room-101', '{"thingId":"cz.wujin:room-101","attributes":{"name":"101","parent":"cz.wujin:building-a","area":18.5},"features":{"occupancy":{"properties":{"count":5}}},"_revision":6,"_created":"2026-12-07T09:27:31.776591619Z","_modified":"2026-12-07T09:27:31.809987447Z"}');
INSERT INTO ${schema}.dayuan_snapshot_twin VALUES (1, 'cz.wujin:building-a', '{"thingId":"cz.wujin:building-a","attributes":{"name":"A","parent":"cz.wujin:campus"},"_revision":1,"_created":"2026-12-07T09:27:31.770224296Z","_modified":"2026-12-07T09:27:31.770224296Z"}');


--
-- Name: dayuan_audit dayuan_audit_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_audit
    ADD CONSTRAINT dayuan_audit_pkey PRIMARY KEY (seq);


--
-- Name: dayuan_checkpoint dayuan_checkpoint_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_checkpoint
    ADD CONSTRAINT dayuan_checkpoint_pkey PRIMARY KEY (seq);


--
-- Name: dayuan_checkpoint_twin dayuan_checkpoint_twin_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_checkpoint_twin
    ADD CONSTRAINT dayuan_checkpoint_twin_pkey PRIMARY KEY (thing_id, seq);


--
-- Name: dayuan_event dayuan_event_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_event
    ADD CONSTRAINT dayuan_event_pkey PRIMARY KEY (seq);


--
-- Name: dayuan_history_horizon dayuan_history_horizon_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_history_horizon
    ADD CONSTRAINT dayuan_history_horizon_pkey PRIMARY KEY (id);


--
-- Name: dayuan_schema_version dayuan_schema_version_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_schema_version
    ADD CONSTRAINT dayuan_schema_version_pkey PRIMARY KEY (version);


--
-- Name: dayuan_snapshot dayuan_snapshot_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_snapshot
    ADD CONSTRAINT dayuan_snapshot_pkey PRIMARY KEY (generation);


--
-- Name: dayuan_snapshot_twin dayuan_snapshot_twin_pkey; Type: CONSTRAINT; Schema: ${schema}; Owner: -
--

ALTER TABLE ONLY ${schema}.dayuan_snapshot_twin
    ADD CONSTRAINT dayuan_snapshot_twin_pkey PRIMARY KEY (generation, thing_id);


--
-- Name: dayuan_audit_subject; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_audit_subject ON ${schema}.dayuan_audit USING btree (subject, seq);


--
-- Name: dayuan_audit_telemetry_ts; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_audit_telemetry_ts ON ${schema}.dayuan_audit USING btree (telemetry, ts);


--
-- Name: dayuan_audit_thing; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_audit_thing ON ${schema}.dayuan_audit USING btree (thing_id, seq);


--
-- Name: dayuan_audit_ts; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_audit_ts ON ${schema}.dayuan_audit USING btree (ts);


--
-- Name: dayuan_checkpoint_twin_seq; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_checkpoint_twin_seq ON ${schema}.dayuan_checkpoint_twin USING btree (seq);


--
-- Name: dayuan_event_life_revision; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE UNIQUE INDEX dayuan_event_life_revision ON ${schema}.dayuan_event USING btree (thing_id, life, revision);


--
-- Name: dayuan_event_thing; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_event_thing ON ${schema}.dayuan_event USING btree (thing_id, revision);


--
-- Name: dayuan_event_thing_seq; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_event_thing_seq ON ${schema}.dayuan_event USING btree (thing_id, seq);


--
-- Name: dayuan_event_ts; Type: INDEX; Schema: ${schema}; Owner: -
--

CREATE INDEX dayuan_event_ts ON ${schema}.dayuan_event USING btree (ts);


--
-- PostgreSQL database dump complete
--


