#pragma once

// The webservice definitions of the emulated PrestaShop 8.1 resources: fields in the order the real
// server prints them, how GET types them in JSON, which attributes the XML carries, and what the
// synopsis schema and validation say. Transcribed from the real exchanges (fixtures 04, 28, 31, 32,
// 53, 56, 57, 60, 64, 66) and PrestaShop's classes/webservice sources.

#include <QHash>
#include <QList>
#include <QString>

namespace syncsmart::sim::ps {

// Kind decides GET's JSON type: Int -> number, everything else -> string; I18n -> per language.
enum class FieldKind : quint8 { Int, Bool, Float, String, Date, DateTime, I18n };

enum FieldFlag : quint16 {
    NotFilterable = 1 << 0, // has a getter: notFilterable="true"; filtering on it is code 34
    ReadOnly = 1 << 1,      // setter false: writing it is code 93
    Required = 1 << 2,      // required="true"; missing on POST/PUT is code 41
    Nullable = 1 << 3,      // NULL stays NULL when stored (empty in XML, null in JSON lists)
    Virtual = 1 << 4,       // not a column: always null (products.new)
    WarnsOnWrite = 1 << 5,  // products.position_in_category: its setter raises a PHP 8 warning
};

struct FieldDef
{
    QString name;
    FieldKind kind = FieldKind::String;
    quint16 flags = 0;
    quint8 decimals = 6; // Float: scale of the column
    QString xlink;       // resource the value points to ("manufacturers"); "images/products" is per object
    QString format;      // validation rule and synopsis format ("isUnsignedId")
    int maxSize = 0;     // synopsis maxSize and validation length

    bool has(FieldFlag flag) const { return flags & flag; }
    bool isI18n() const { return kind == FieldKind::I18n; }
    bool isDate() const { return kind == FieldKind::DateTime || kind == FieldKind::Date; }
};

struct AssocFieldDef
{
    QString name;
    FieldKind kind = FieldKind::Int;
    QString xlink; // drawn on every entry's field (even 0)
    bool requiredInSynopsis = false;
    bool xlinkInSynopsis = false;
};

struct AssocDef
{
    QString name;     // "stock_availables"
    QString nodeType; // "stock_available"
    QString api;      // "stock_availables"; empty for virtual entities (order_rows)
    bool virtualEntity = false;
    QString entryXlink; // resource of each entry's xlink:href, "" = none; "images/products" is per object
    QList<AssocFieldDef> fields;
};

struct ResourceDef
{
    QString plural;    // "products"
    QString singular;  // "product"
    QString className; // "Product" (validation messages)
    QList<FieldDef> fields;
    QList<AssocDef> associations;
    QHash<QString, int> fieldIndex;
    QHash<QString, int> assocIndex;

    int indexOf(const QString &name) const { return fieldIndex.value(name, -1); }
    int assocOf(const QString &name) const { return assocIndex.value(name, -1); }
    const FieldDef &field(int i) const { return fields.at(i); }
};

// Definitions of the emulated resources (nullptr for anything else).
const ResourceDef *emulatedResource(const QString &plural);
const ResourceDef &productsDef();
const ResourceDef &stockAvailablesDef();
const ResourceDef &combinationsDef();
const ResourceDef &ordersDef();
const ResourceDef &orderDetailsDef();
const ResourceDef &orderHistoriesDef();
const ResourceDef &orderStatesDef();
const ResourceDef &languagesDef();
const ResourceDef &customersDef();

// Every resource of PrestaShop 8.1's webservice (WebserviceRequest::getResources, sorted by name):
// the API root lists them and the unknown-resource error names them.
struct WsResourceInfo
{
    QString name;
    QString description;
    bool specificManagement = false;    // images, attachments, search: no schema links
    QList<QByteArray> forbiddenMethods; // answered with code 101
};
const QList<WsResourceInfo> &allWsResources();
const WsResourceInfo *wsResource(const QString &name);

// The HTTP methods a webservice key can be granted, in the order the API root prints them.
const QList<QByteArray> &wsMethods();

} // namespace syncsmart::sim::ps
