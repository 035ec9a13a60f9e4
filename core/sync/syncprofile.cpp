#include "syncprofile.h"

#include "connectors/catalogtypes.h"
#include "sync/profileini.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

#include <cmath>

namespace syncsmart {

namespace {

const QString kShop = QStringLiteral("shop");
const QString kErp = QStringLiteral("erp");
const QString kSync = QStringLiteral("sync");
const QString kFields = QStringLiteral("fields");
const QString kReconcile = QStringLiteral("reconcile");

QMap<QString, QStringList> profileSchema()
{
    const QStringList peer{QStringLiteral("max_in_flight"),  QStringLiteral("requests_per_second"),
                           QStringLiteral("timeout_s"),      QStringLiteral("connect_timeout_s"),
                           QStringLiteral("idle_timeout_s"), QStringLiteral("tls")};
    return {
        {kShop, QStringList{QStringLiteral("type"), QStringLiteral("url"), QStringLiteral("api_key_env"),
                            QStringLiteral("timezone"), QStringLiteral("shop_id"),
                            QStringLiteral("language_id"), QStringLiteral("create_inactive"),
                            QStringLiteral("default_category_id"), QStringLiteral("tax_rules_group_id")} +
                    peer},
        {kErp,
         QStringList{QStringLiteral("type"), QStringLiteral("url"), QStringLiteral("database"),
                     QStringLiteral("login"), QStringLiteral("api_key_env"), QStringLiteral("stock_field"),
                     QStringLiteral("warehouse_id"), QStringLiteral("language"),
                     QStringLiteral("create_batch_size"), QStringLiteral("shipping_product_sku"),
                     QStringLiteral("discount_product_sku"), QStringLiteral("confirm_orders")} +
             peer},
        {kSync,
         {QStringLiteral("poll_interval_s"), QStringLiteral("batch_size"),
          QStringLiteral("clock_skew_tolerance_s"), QStringLiteral("window_overlap_s"),
          QStringLiteral("create_in_shop"), QStringLiteral("create_in_erp")}},
        {kFields, FieldPolicy::syncedProductFields()},
        {kReconcile, {QStringLiteral("schedule"), QStringLiteral("stock")}},
    };
}

// "a, b or c"
QString orList(const QStringList &words)
{
    if (words.size() <= 1)
        return words.join(QString());
    return QStringLiteral("%1 or %2")
        .arg(words.mid(0, words.size() - 1).join(QStringLiteral(", ")), words.last());
}

// Typed reads of one section's keys. A bad value becomes one problem and the default stays.
class SectionReader final
{
public:
    SectionReader(ProfileIni &ini, QString name)
        : m_ini(ini)
        , m_name(std::move(name))
    {
    }

    bool present() const { return m_ini.hasSection(m_name); }
    std::optional<QString> raw(const QString &key) const { return m_ini.value(m_name, key); }
    void problem(const QString &key, const QString &message) { m_ini.problem(m_name, key, message); }

    // A missing key is reported only when the section is there: a missing section is reported once.
    std::optional<QString> required(const QString &key, const QString &whatToWrite)
    {
        const auto v = raw(key);
        if (v && !v->isEmpty())
            return v;
        if (present())
            problem(key, (v ? QStringLiteral("empty; ") : QStringLiteral("missing; ")) + whatToWrite);
        return std::nullopt;
    }

    void text(const QString &key, QString &out) const
    {
        if (const auto v = raw(key))
            out = *v;
    }

    void integer(const QString &key, int &out, int min, int max)
    {
        const auto v = raw(key);
        if (!v)
            return;
        const QString range = QStringLiteral("write a whole number from %1 to %2 (the default is %3)")
                                  .arg(QString::number(min), QString::number(max), QString::number(out));
        bool ok = false;
        const qlonglong n = v->toLongLong(&ok);
        if (!ok)
            problem(key, QStringLiteral("%1 is not a whole number; %2").arg(ProfileIni::quoted(*v), range));
        else if (n < min || n > max)
            problem(key, QStringLiteral("%1 is out of range; %2").arg(*v, range));
        else
            out = int(n);
    }

    void number(const QString &key, double &out, double min, double max)
    {
        const auto v = raw(key);
        if (!v)
            return;
        const QString range = QStringLiteral("write a number from %1 to %2, such as 2.5 (the default is %3)")
                                  .arg(QString::number(min), QString::number(max), QString::number(out));
        bool ok = false;
        const double n = QLocale::c().toDouble(*v, &ok);
        if (!ok || !std::isfinite(n))
            problem(key, QStringLiteral("%1 is not a number; %2").arg(ProfileIni::quoted(*v), range));
        else if (n < min || n > max)
            problem(key, QStringLiteral("%1 is out of range; %2").arg(*v, range));
        else
            out = n;
    }

    void boolean(const QString &key, bool &out)
    {
        const auto v = raw(key);
        if (!v)
            return;
        const QString lower = v->toLower();
        if (QStringList{"true", "yes", "on", "1"}.contains(lower))
            out = true;
        else if (QStringList{"false", "no", "off", "0"}.contains(lower))
            out = false;
        else
            problem(key,
                    QStringLiteral("%1 is not a yes/no value; write true or false (the default is %2)")
                        .arg(ProfileIni::quoted(*v), out ? QStringLiteral("true") : QStringLiteral("false")));
    }

    void choice(const QString &key, QString &out, const QStringList &choices, const QString &what)
    {
        const auto v = raw(key);
        if (!v)
            return;
        if (choices.contains(v->toLower())) {
            out = v->toLower();
            return;
        }
        const auto near = ProfileIni::nearest(*v, choices);
        problem(key,
                QStringLiteral("%1 is not %2; %3write %4")
                    .arg(ProfileIni::quoted(*v), what,
                         near ? QStringLiteral("did you mean %1? ").arg(*near) : QString(), orList(choices)));
    }

private:
    ProfileIni &m_ini;
    QString m_name;
};

// A PrestaShop or Odoo key is a long run of letters and digits; a variable name has underscores.
bool looksLikeKey(const QString &text)
{
    static const QRegularExpression digit(QStringLiteral("\\d"));
    return text.size() >= 16 && !text.contains(QLatin1Char('_')) && text.contains(digit);
}

QString readSecret(SectionReader &s, const QString &exampleVariable, const QString &what)
{
    const auto name = s.required(
        QStringLiteral("api_key_env"),
        QStringLiteral("name the environment variable that holds %1: api_key_env = %2, then export "
                       "%2=... before running")
            .arg(what, exampleVariable));
    if (!name)
        return {};
    static const QRegularExpression variableShape(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (!variableShape.match(*name).hasMatch() || looksLikeKey(*name)) {
        // Not quoted back: a key pasted here by mistake must not reach a message.
        s.problem(
            QStringLiteral("api_key_env"),
            QStringLiteral("this is the NAME of an environment variable (letters, digits and _), not the key "
                           "itself; write api_key_env = %1 and export %1=... before running")
                .arg(exampleVariable));
        return {};
    }
    const QString value = qEnvironmentVariable(name->toLocal8Bit().constData());
    if (value.isEmpty())
        s.problem(
            QStringLiteral("api_key_env"),
            QStringLiteral("the environment variable %1 is not set (or is empty); export %1=... with %2 "
                           "before running")
                .arg(*name, what));
    return value;
}

// The webservice root a mistaken shop address most likely meant.
QUrl shopWebserviceRoot(const QUrl &url)
{
    QUrl root = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = root.path();
    const qsizetype api = path.indexOf(QLatin1String("/api/"));
    if (api >= 0) {
        path = path.left(api + 5);
    } else if (path.endsWith(QLatin1String("/api"))) {
        path += QLatin1Char('/');
    } else {
        if (path.section(QLatin1Char('/'), -1).contains(QLatin1Char('.'))) // index.php
            path = path.left(path.lastIndexOf(QLatin1Char('/')) + 1);
        if (!path.endsWith(QLatin1Char('/')))
            path += QLatin1Char('/');
        path += QLatin1String("api/");
    }
    root.setPath(path);
    return root;
}

// The Odoo server root: what precedes the web client (/web) or an RPC path, with a final slash.
QUrl erpServerRoot(const QUrl &url)
{
    QUrl root = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment);
    QString path = root.path();
    static const QRegularExpression clientPath(QStringLiteral("/(web|jsonrpc|xmlrpc)(/.*)?$"));
    path.remove(clientPath);
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    root.setPath(path);
    return root;
}

// An http(s) address without credentials. Addresses that carry a user, a key or a query are not
// quoted back: "https://KEY@shop/api/" and "?ws_key=KEY" are old ways of writing the key.
std::optional<QUrl> readHttpUrl(SectionReader &s, const QString &what, const QString &example,
                                QUrl (*rootOf)(const QUrl &))
{
    const auto text =
        s.required(QStringLiteral("url"), QStringLiteral("write %1, such as url = %2").arg(what, example));
    if (!text)
        return std::nullopt;
    const QUrl tolerant(*text);
    if (!tolerant.userInfo().isEmpty() || tolerant.hasQuery()) {
        const QUrl clean = tolerant.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
        const bool suggest = clean.isValid() && !clean.host().isEmpty();
        s.problem(QStringLiteral("url"),
                  QStringLiteral("the address must not carry a user name, key or ?query (the "
                                 "key comes from api_key_env); write %1, such as url = %2")
                      .arg(what, suggest ? rootOf(clean).toString() : example));
        return std::nullopt;
    }
    const QUrl url(*text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty()) {
        s.problem(QStringLiteral("url"),
                  QStringLiteral("%1 is not an http:// or https:// address; write %2, such "
                                 "as url = %3")
                      .arg(ProfileIni::quoted(*text), what, example));
        return std::nullopt;
    }
    return url.adjusted(QUrl::RemoveFragment);
}

void readTls(SectionReader &s, TlsSettings &tls, const QString &baseDir)
{
    const auto v = s.raw(QStringLiteral("tls"));
    if (!v)
        return;
    const QString lower = v->toLower();
    const QString example = QStringLiteral("tls = trust:/etc/ssl/certs/server.pem");
    if (lower == QLatin1String("verify")) {
        tls.mode = TlsSettings::Mode::Verify;
    } else if (lower == QLatin1String("insecure")) {
        tls.mode = TlsSettings::Mode::Insecure;
    } else if (lower.startsWith(QLatin1String("trust:"))) {
        const QString path = v->mid(6).trimmed();
        const QString full =
            QDir::isRelativePath(path) && !baseDir.isEmpty() ? QDir(baseDir).filePath(path) : path;
        const QFileInfo info(full);
        if (path.isEmpty() || !info.isFile() || !info.isReadable()) {
            s.problem(QStringLiteral("tls"),
                      QStringLiteral("%1; give the path of the server's certificate (a PEM file), such as %2")
                          .arg(path.isEmpty() ? QStringLiteral("trust: needs a file")
                                              : QStringLiteral("no readable file at %1")
                                                    .arg(QDir::toNativeSeparators(info.absoluteFilePath())),
                               example));
            return;
        }
        tls.mode = TlsSettings::Mode::TrustCertificate;
        tls.certificatePath = info.absoluteFilePath();
    } else {
        s.problem(
            QStringLiteral("tls"),
            QStringLiteral("%1 is not a TLS mode; write verify (the default), trust:<path of a PEM file> to "
                           "accept that one self-signed certificate, or insecure (no check at all)")
                .arg(ProfileIni::quoted(*v)));
    }
}

void readEndpoint(SectionReader &s, PeerEndpoint &endpoint, const QString &baseDir)
{
    PeerLimits &limits = endpoint.limits;
    s.integer(QStringLiteral("max_in_flight"), limits.maxInFlight, 1, 64);
    s.number(QStringLiteral("requests_per_second"), limits.requestsPerSecond, 0, 100000);
    int total = limits.totalTimeoutMs / 1000;
    int connect = limits.connectTimeoutMs / 1000;
    int idle = limits.idleTimeoutMs / 1000;
    s.integer(QStringLiteral("timeout_s"), total, 1, 86400);
    s.integer(QStringLiteral("connect_timeout_s"), connect, 1, 600);
    s.integer(QStringLiteral("idle_timeout_s"), idle, 1, 86400);
    limits.totalTimeoutMs = total * 1000;
    limits.connectTimeoutMs = connect * 1000;
    limits.idleTimeoutMs = idle * 1000;
    readTls(s, endpoint.tls, baseDir);
}

void readShop(SectionReader s, SyncProfile &p, const QString &baseDir)
{
    PrestaShopSettings &shop = p.shop;
    shop.endpoint.peerName = QStringLiteral("PrestaShop");
    QString type = QStringLiteral("prestashop");
    s.choice(QStringLiteral("type"), type, {QStringLiteral("prestashop")},
             QStringLiteral("a supported shop"));

    const QString what = QStringLiteral("the shop's webservice root");
    const QString example = QStringLiteral("https://shop.example/api/");
    if (const auto url = readHttpUrl(s, what, example, shopWebserviceRoot)) {
        const QUrl root = shopWebserviceRoot(*url);
        if (root != *url)
            s.problem(QStringLiteral("url"),
                      QStringLiteral("%1 is not the webservice root, which ends with /api/; write url = %2")
                          .arg(ProfileIni::quoted(url->toString()), root.toString()));
        shop.endpoint.baseUrl = root;
    }
    shop.apiKey =
        readSecret(s, QStringLiteral("SYNCSMART_SHOP_KEY"), QStringLiteral("the shop's webservice key"));

    if (const auto zone = s.raw(QStringLiteral("timezone"))) {
        const QTimeZone tz(zone->toUtf8());
        if (tz.isValid() && !zone->isEmpty()) {
            shop.shopTimeZone = tz;
        } else {
            QStringList ids;
            for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
                ids << QString::fromUtf8(id);
            s.problem(
                QStringLiteral("timezone"),
                QStringLiteral("%1 is not a time zone; write an IANA name such as %2 (the shop's time zone: "
                               "International > Localization in the back office)")
                    .arg(ProfileIni::quoted(*zone),
                         ProfileIni::nearest(*zone, ids).value_or(QStringLiteral("Europe/Paris"))));
        }
    }
    s.integer(QStringLiteral("shop_id"), shop.shopId, 0, 1000000);
    int language = p.sync.shopLanguage.toInt();
    s.integer(QStringLiteral("language_id"), language, 1, 1000000);
    p.sync.shopLanguage = QString::number(language);
    shop.languageIds = QStringList{p.sync.shopLanguage};
    s.boolean(QStringLiteral("create_inactive"), shop.createInactive);
    int category = shop.defaultCategoryId.toInt();
    s.integer(QStringLiteral("default_category_id"), category, 1, 100000000);
    shop.defaultCategoryId = QString::number(category);
    int taxGroup = shop.taxRulesGroupId.toInt();
    s.integer(QStringLiteral("tax_rules_group_id"), taxGroup, 0, 100000000);
    shop.taxRulesGroupId = QString::number(taxGroup);
    readEndpoint(s, shop.endpoint, baseDir);
}

void readErp(SectionReader s, SyncProfile &p, const QString &baseDir)
{
    OdooSettings &erp = p.erp;
    erp.endpoint.peerName = QStringLiteral("Odoo");
    QString type = QStringLiteral("odoo");
    s.choice(QStringLiteral("type"), type, {QStringLiteral("odoo")}, QStringLiteral("a supported ERP"));

    const QString what = QStringLiteral("the Odoo server root");
    const QString example = QStringLiteral("https://erp.example/");
    if (const auto url = readHttpUrl(s, what, example, erpServerRoot)) {
        const QUrl root = erpServerRoot(*url);
        if (root.path() != url->path() && root.path() != url->path() + QLatin1Char('/'))
            s.problem(QStringLiteral("url"), QStringLiteral("%1 is not the server root; write url = %2")
                                                 .arg(ProfileIni::quoted(url->toString()), root.toString()));
        erp.endpoint.baseUrl = root;
    }
    if (const auto db =
            s.required(QStringLiteral("database"),
                       QStringLiteral("write the Odoo database name, such as database = mycompany")))
        erp.database = *db;
    if (const auto login =
            s.required(QStringLiteral("login"),
                       QStringLiteral("write the Odoo user the sync logs in as, such as login = "
                                      "sync@example.com")))
        erp.login = *login;
    erp.apiKey =
        readSecret(s, QStringLiteral("SYNCSMART_ERP_KEY"), QStringLiteral("that Odoo user's API key"));

    s.choice(
        QStringLiteral("stock_field"), erp.stockField,
        {QStringLiteral("free_qty"), QStringLiteral("qty_available"), QStringLiteral("virtual_available")},
        QStringLiteral("an Odoo stock quantity"));
    s.integer(QStringLiteral("warehouse_id"), erp.warehouseId, 0, 100000000);
    if (const auto lang = s.raw(QStringLiteral("language")); lang && !lang->isEmpty()) {
        static const QRegularExpression code(QStringLiteral("^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?(@[a-z]+)?$"));
        if (code.match(*lang).hasMatch()) {
            erp.language = *lang;
        } else {
            QString fixed = *lang;
            fixed.replace(QLatin1Char('-'), QLatin1Char('_'));
            const bool fixable = code.match(fixed).hasMatch();
            s.problem(
                QStringLiteral("language"),
                QStringLiteral("%1 is not an Odoo language code; write %2")
                    .arg(ProfileIni::quoted(*lang),
                         fixable ? fixed : QStringLiteral("one such as es_ES or en_US, or leave it empty")));
        }
    }
    s.integer(QStringLiteral("create_batch_size"), erp.createBatchSize, 1, 1000);
    s.text(QStringLiteral("shipping_product_sku"), erp.shippingProductSku);
    s.text(QStringLiteral("discount_product_sku"), erp.discountProductSku);
    s.boolean(QStringLiteral("confirm_orders"), erp.confirmOrders);
    readEndpoint(s, erp.endpoint, baseDir);
}

void readSync(SectionReader s, SyncSettings &sync)
{
    s.integer(QStringLiteral("poll_interval_s"), sync.pollIntervalS, 1, 86400);
    s.integer(QStringLiteral("batch_size"), sync.batchSize, 1, 1000);
    s.integer(QStringLiteral("clock_skew_tolerance_s"), sync.clockSkewToleranceS, 0, 3600);
    s.integer(QStringLiteral("window_overlap_s"), sync.windowOverlapS, 0, 86400);
    s.boolean(QStringLiteral("create_in_shop"), sync.createInShop);
    s.boolean(QStringLiteral("create_in_erp"), sync.createInErp);
}

void readReconcile(SectionReader s, ReconcileSettings &reconcile)
{
    if (const auto v = s.raw(QStringLiteral("schedule"))) {
        if (const auto schedule = ReconcileSchedule::parse(*v))
            reconcile.schedule = *schedule;
        else
            s.problem(QStringLiteral("schedule"), QStringLiteral("%1 is not a schedule; write %2")
                                                      .arg(ProfileIni::quoted(*v), ReconcileSchedule::forms()));
    }
    s.boolean(QStringLiteral("stock"), reconcile.stock);
}

void readFields(const ProfileIni &ini, SectionReader s, FieldPolicy &policy)
{
    for (const QString &field : ini.keys(kFields)) {
        const QString value = s.raw(field).value_or(QString());
        if (const auto rule = fieldRuleFromString(value.toLower()))
            policy.setRule(field, *rule);
        else
            s.problem(field,
                      QStringLiteral("%1 is not a field rule; write erp (the ERP's value wins), shop (the "
                                     "shop's value wins), newest (the later change wins) or manual (an "
                                     "operator decides)")
                          .arg(ProfileIni::quoted(value)));
    }
}

} // namespace

Result<SyncProfile> SyncProfile::load(const QString &iniPath, const QString &profileName)
{
    const QString shown = QDir::toNativeSeparators(QFileInfo(iniPath).absoluteFilePath());
    if (!QFileInfo(iniPath).isFile())
        return Error::config(
            QStringLiteral("profile.missing"),
            QStringLiteral("no profile file at %1; write one from `syncsmart-cli profile-template "
                           "> %1`, then fill in the shop and the ERP")
                .arg(shown),
            {{QStringLiteral("file"), shown}});
    QFile file(iniPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(
            QStringLiteral("profile.unreadable"),
            QStringLiteral("cannot read the profile %1 (%2); check that this user may read it")
                .arg(shown, file.errorString()),
            {{QStringLiteral("file"), shown}});
    return parse(QString::fromUtf8(file.readAll()), profileName, QFileInfo(iniPath).absoluteFilePath());
}

Result<SyncProfile> SyncProfile::parse(const QString &iniText, const QString &profileName,
                                       const QString &sourcePath)
{
    ProfileIni ini(sourcePath.isEmpty() ? QStringLiteral("profile.ini") : QFileInfo(sourcePath).fileName(),
                   profileSchema());
    ini.read(iniText);
    const QString baseDir = sourcePath.isEmpty() ? QString() : QFileInfo(sourcePath).absolutePath();

    SyncProfile p;
    p.name = profileName;
    p.sourcePath = sourcePath;
    for (const QString &section : {kShop, kErp}) {
        if (!ini.hasSection(section))
            ini.fileProblem(QStringLiteral("no [%1] section; add it (every key is in `syncsmart-cli "
                                           "profile-template`)")
                                .arg(section));
    }
    readShop(SectionReader(ini, kShop), p, baseDir);
    readErp(SectionReader(ini, kErp), p, baseDir);
    readSync(SectionReader(ini, kSync), p.sync);
    readFields(ini, SectionReader(ini, kFields), p.fields);
    readReconcile(SectionReader(ini, kReconcile), p.reconcile);

    const QStringList problems = ini.problems();
    if (!problems.isEmpty())
        return Error::config(QStringLiteral("profile.invalid"), problems.join(QLatin1Char('\n')),
                             {{QStringLiteral("file"), sourcePath}, {QStringLiteral("problems"), problems}});
    return p;
}

QString SyncProfile::defaultPath(const QString &profileDirectory)
{
    return QDir(profileDirectory).filePath(QStringLiteral("profile.ini"));
}

} // namespace syncsmart
