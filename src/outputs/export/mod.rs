//! The open-data export (`ctg exporter`): the plan of the last
//! consolidation as a Frictionless Data Package — `datapackage.json`, with
//! a Table Schema per resource (types, required fields, enums, keys), and
//! one CSV per resource (UTF-8, `,`, RFC 4180, written by the `csv` crate).
//! With `excel_fr`, a copy in `excel/` that French Excel opens with a
//! double-click: `;`-separated, with a BOM, decimal commas and dates
//! JJ/MM/AAAA.
//!
//! Only accepted data is exported, and no personal data: no référent, no
//! e-mail, no phone number. The resources and their fields are in
//! `tables`; README says what each field means.

mod tables;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::error::{Error, Result};
use crate::fs::IoError;
use crate::model::Snapshot;
use crate::referentiel::Config;

/// The type of a field, as Table Schema names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Number,
    Integer,
    Date,
    Boolean,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Integer => "integer",
            Kind::Date => "date",
            Kind::Boolean => "boolean",
        }
    }
}

/// One field of a resource.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: Kind,
    required: bool,
    /// The only values allowed, when the field is a list's.
    values: Vec<String>,
    description: String,
}

impl Field {
    fn new(name: impl Into<String>, kind: Kind, description: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            kind,
            required: false,
            values: Vec::new(),
            description: description.into(),
        }
    }

    fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    fn one_of(self, values: impl IntoIterator<Item = impl Into<String>>) -> Field {
        Field {
            values: values.into_iter().map(Into::into).collect(),
            ..self
        }
    }

    fn schema(&self) -> Json {
        let mut f = json!({
            "name": self.name,
            "type": self.kind.name(),
            "description": self.description,
        });
        let mut constraints = serde_json::Map::new();
        if self.required {
            constraints.insert("required".to_owned(), true.into());
        }
        if !self.values.is_empty() {
            constraints.insert("enum".to_owned(), json!(self.values));
        }
        if !constraints.is_empty() {
            f["constraints"] = Json::Object(constraints);
        }
        f
    }
}

/// A value of a row.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Text(String),
    Number(Option<f64>),
    Integer(usize),
    Date(Option<NaiveDate>),
    Boolean(bool),
}

impl Value {
    /// As the standard CSV writes it.
    fn standard(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::Integer(n) => n.to_string(),
            Value::Date(d) => d
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            Value::Boolean(b) => b.to_string(),
        }
    }

    /// As French Excel reads it.
    fn excel_fr(&self) -> String {
        match self {
            Value::Number(Some(n)) => n.to_string().replace('.', ","),
            Value::Date(Some(d)) => d.format("%d/%m/%Y").to_string(),
            Value::Boolean(b) => if *b { "oui" } else { "non" }.to_owned(),
            other => other.standard(),
        }
    }
}

/// A resource: a CSV file and its schema.
#[derive(Debug, Clone)]
struct Resource {
    name: &'static str,
    title: &'static str,
    fields: Vec<Field>,
    rows: Vec<Vec<Value>>,
    primary_key: Option<&'static str>,
    /// (field, resource, field of that resource).
    foreign_keys: Vec<(&'static str, &'static str, &'static str)>,
}

impl Resource {
    fn file(&self) -> String {
        format!("{}.csv", self.name)
    }

    fn descriptor(&self) -> Json {
        let mut schema = json!({
            "fields": self.fields.iter().map(Field::schema).collect::<Vec<_>>(),
            "missingValues": [""],
        });
        if let Some(key) = self.primary_key {
            schema["primaryKey"] = json!([key]);
        }
        if !self.foreign_keys.is_empty() {
            schema["foreignKeys"] = self
                .foreign_keys
                .iter()
                .map(|(field, resource, key)| {
                    json!({"fields": [field], "reference": {"resource": resource, "fields": [key]}})
                })
                .collect();
        }
        json!({
            "name": self.name,
            "title": self.title,
            "path": self.file(),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true},
            "schema": schema,
        })
    }

    /// The CSV bytes: standard, or for French Excel.
    fn csv(&self, excel_fr: bool) -> std::result::Result<Vec<u8>, csv::Error> {
        let mut out = Vec::new();
        if excel_fr {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut w = csv::WriterBuilder::new()
            .delimiter(if excel_fr { b';' } else { b',' })
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(self.fields.iter().map(|f| f.name.as_str()))?;
        for row in &self.rows {
            w.write_record(
                row.iter()
                    .map(|v| if excel_fr { v.excel_fr() } else { v.standard() }),
            )?;
        }
        w.into_inner().map_err(|e| e.into_error().into())
    }
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    /// `datapackage.json`.
    pub descriptor: PathBuf,
    /// The CSV files, standard then French Excel copies.
    pub files: Vec<PathBuf>,
    /// Rows per resource, by name.
    pub rows: Vec<(&'static str, usize)>,
}

/// Writes the data package of `plan` into `dir` (each file atomically);
/// with `excel_fr`, the French Excel copies into `dir/excel/`.
pub fn write(dir: &Path, plan: &Snapshot, config: &Config, excel_fr: bool) -> Result<Exported> {
    let resources = tables::resources(plan, config);
    let r = &config.referentiel;
    let created = plan
        .taken_at
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "ctg-plan-actions",
        "title": format!("Plan d'actions — {}", r.convention.name),
        "description": format!(
            "Plan d'actions de la {} ({} et {}, {} à {}) : actions, indicateurs, partenaires, référentiel et communes, tels que retenus à la dernière consolidation de ctg.",
            r.convention.name, r.convention.territory, r.convention.caf, r.convention.start_year, r.convention.end_year
        ),
        "resources": resources.iter().map(Resource::descriptor).collect::<Vec<_>>(),
    });
    if let Some(created) = created {
        package["created"] = created.into();
    }
    let mut files = Vec::new();
    let fail = |path: &Path, e: csv::Error| {
        Error::Io(IoError {
            action: "Impossible d'écrire",
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    };
    let excel_dir = dir.join("excel");
    for res in &resources {
        let path = dir.join(res.file());
        crate::fs::write_atomic(&path, &res.csv(false).map_err(|e| fail(&path, e))?)?;
        files.push(path);
        if excel_fr {
            std::fs::create_dir_all(&excel_dir)
                .map_err(|e| Error::io("Impossible de créer le dossier", &excel_dir, &e))?;
            let path = excel_dir.join(res.file());
            crate::fs::write_atomic(&path, &res.csv(true).map_err(|e| fail(&path, e))?)?;
            files.push(path);
        }
    }
    let descriptor = dir.join("datapackage.json");
    crate::fs::write_atomic(&descriptor, format!("{package:#}\n").as_bytes())?;
    Ok(Exported {
        descriptor,
        files,
        rows: resources.iter().map(|r| (r.name, r.rows.len())).collect(),
    })
}
