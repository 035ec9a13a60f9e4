#pragma once

// XML and JSON bodies byte for byte like PrestaShop 8.1's WebserviceOutputXML / WebserviceOutputJSON:
// tab-indented CDATA fields with xlink:href, language elements, associations; JSON that types values
// as PHP holds them, drops empty values from single objects (array_filter) but not from lists.

#include "psquery.h"
#include "pstable.h"

#include "common/jsonwriter.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

namespace syncsmart::sim::ps {

struct ErrorEntry
{
    int code = 0;
    QString message;
};

// Permissions of a webservice key: resource -> methods (upper case).
using KeyPermissions = QHash<QString, QSet<QByteArray>>;

class Renderer final
{
public:
    Renderer(bool json, QString wsUrl, QList<int> languages);

    bool json() const { return m_json; }

    // A list without display: ids (with xlink:href in XML); JSON: [{"id":N},...] or a bare [].
    QByteArray idList(const ResourceDef &def, const std::vector<qint64> &ids) const;
    // A list with display=...: JSON {"plural":[...]} (nothing dropped) or a bare [].
    QByteArray recordList(const ResourceDef &def, const QList<const RecordView *> &records,
                          const DisplaySpec &display, QList<ErrorEntry> *warnings) const;
    // One object (GET by id, or the echo of a write). JSON without display= gives {"singular":{...}}
    // with empty values dropped; with display= it is {"plural":[{...}]}. `errors` (JSON only) are
    // appended to the same document, as PHP's JSON renderer does.
    QByteArray details(const ResourceDef &def, const QList<const RecordView *> &records,
                       const DisplaySpec &display, bool displayParam, QList<ErrorEntry> *warnings,
                       const QList<ErrorEntry> &errors = {}) const;
    // One object asked with display=minimum: only its id (and link).
    QByteArray minimalDetails(const ResourceDef &def, qint64 id) const;
    QByteArray errors(const QList<ErrorEntry> &errors) const;
    QByteArray schema(const ResourceDef &def, bool synopsis) const;
    QByteArray apiRoot(const KeyPermissions &permissions, const QString &shopName) const;

private:
    void xmlRecord(QByteArray &out, const ResourceDef &def, const RecordView &record,
                   const DisplaySpec &display) const;
    void jsonRecord(JsonWriter &w, const ResourceDef &def, const RecordView &record,
                    const DisplaySpec &display, bool dropEmpty, QList<ErrorEntry> *warnings) const;
    QByteArray xmlDocument(const QByteArray &content) const;

    bool m_json;
    QString m_wsUrl;
    QByteArray m_wsUrlBytes;
    QList<int> m_languages;
};

// The PHP warning the JSON renderer raises for a language missing from a multilingual value.
ErrorEntry missingLanguageWarning(int language);
// A PHP warning as the webservice reports it (error code 3).
ErrorEntry phpWarning(const QString &message, const QString &file, int line);

} // namespace syncsmart::sim::ps
