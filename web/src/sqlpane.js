// An SQL question beside its statement: the sample database's tables (columns, types, keys) and the
// sample's expected result as a table (GET /v1/me/problems/{slug} -> sql).

import { $, el } from "./dom.js";

function columnText(column) {
  const notes = [column.type, column.primary_key ? "primary key" : "", column.not_null && !column.primary_key ? "not null" : ""];
  return notes.filter(Boolean).join(", ");
}

export function renderSql(sql) {
  const box = $("sql-schema");
  if (!box) return;
  box.replaceChildren();
  box.hidden = !sql;
  if (!sql) return;
  box.append(el("h2", { text: "Schema" }));
  for (const table of sql.tables) {
    box.append(el("table", { class: "sql-table", "data-table": table.name },
      el("caption", { text: `Table ${table.name}` }),
      el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Column" }), el("th", { scope: "col", text: "Type" }))),
      el("tbody", {}, table.columns.map((column) => el("tr", {},
        el("th", { scope: "row" }, el("code", { text: column.name })), el("td", { text: columnText(column) }))))));
  }
  box.append(el("h2", { text: "Sample result" }));
  if (!sql.sample_columns.length) {
    box.append(el("p", { class: "meta", text: "The sample query returns no rows." }));
    return;
  }
  box.append(el("table", { class: "sql-table sql-result", id: "sql-sample-result" },
    el("caption", { text: "What the query returns on the sample database" }),
    el("thead", {}, el("tr", {}, sql.sample_columns.map((name) => el("th", { scope: "col", text: name })))),
    el("tbody", {}, sql.sample_rows.map((row) => el("tr", {}, row.map((value) => el("td", { text: value })))))));
}
