//! The HTTP suites, one test binary: each starts tiendo in-process on the real router
//! with the Bến Tre sample on a real SQLite file (`common::spawn_app`).

mod common;

mod access;
mod accounts;
mod api;
mod entry;
mod explanations;
mod home;
mod import;
mod inspections;
mod lists;
mod manage;
mod meetings;
mod missing;
mod period_report;
mod read_text;
mod reminders;
mod reporting;
mod restructure;
mod search;
mod tree;
mod web;
mod work;
mod write_rules;
