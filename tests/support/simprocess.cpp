#include "simprocess.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace syncsmart::testing {

SimProcess::~SimProcess()
{
    stop();
}

QString SimProcess::binaryPath()
{
    const QByteArray fromEnv = qgetenv("SYNCSMART_SIM_BINARY");
    return fromEnv.isEmpty() ? QStringLiteral(SYNCSMART_SIM_BINARY) : QString::fromLocal8Bit(fromEnv);
}

QString SimProcess::start(int products, const QStringList &extraArgs)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start(binaryPath(), QStringList{QStringLiteral("--products"), QString::number(products),
                                               QStringLiteral("--die-with-parent")}
                                       + extraArgs);
    if (!m_process->waitForStarted(10'000))
        return QStringLiteral("syncsmart-sim did not start (%1): %2").arg(binaryPath(), m_process->errorString());
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 120'000) {
        if (!m_process->waitForReadyRead(1000) && m_process->state() == QProcess::NotRunning)
            break;
        buffer += m_process->readAllStandardOutput();
        for (const QByteArray &line : buffer.split('\n')) {
            if (line.startsWith("SYNCSMART_SIM_READY ")) {
                m_ready = QJsonDocument::fromJson(line.mid(20)).object();
                if (!m_ready.isEmpty())
                    return {};
            }
        }
    }
    const QString seen = QString::fromUtf8(buffer + m_process->readAllStandardError());
    stop();
    return QStringLiteral("syncsmart-sim gave no ready line; output: %1").arg(seen);
}

void SimProcess::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool SimProcess::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString SimProcess::peerValue(const char *peer, const char *key) const
{
    return m_ready.value(QLatin1String(peer)).toObject().value(QLatin1String(key)).toString();
}

QString SimProcess::prestashopUrl() const
{
    return peerValue("prestashop", "url");
}

QString SimProcess::prestashopKey() const
{
    return peerValue("prestashop", "key");
}

QString SimProcess::shopTimezone() const
{
    return peerValue("prestashop", "timezone");
}

QString SimProcess::odooBaseUrl() const
{
    QString url = peerValue("odoo", "url");
    url.chop(QStringLiteral("jsonrpc").size());
    return url;
}

QString SimProcess::odooDatabase() const
{
    return peerValue("odoo", "database");
}

QString SimProcess::odooLogin() const
{
    return peerValue("odoo", "login");
}

QString SimProcess::odooKey() const
{
    return peerValue("odoo", "apiKey");
}

QString SimProcess::controlUrl() const
{
    return m_ready.value(QLatin1String("control")).toString();
}

QJsonObject SimProcess::control(const QString &command, const QJsonValue &body, const QString &query)
{
    QUrl url(controlUrl() + command);
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest request(url);
    request.setTransferTimeout(30'000);
    QNetworkReply *reply = nullptr;
    if (body.isUndefined()) {
        reply = m_network.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        const QByteArray data = body.isObject() ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
                              : body.isArray()  ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                                : QByteArray();
        reply = m_network.post(request, data);
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const QByteArray data = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    const QJsonDocument doc = QJsonDocument::fromJson(data);
    if (status != 200) {
        qWarning().noquote() << "sim control" << command << "answered" << status << data.left(500);
        return {};
    }
    if (doc.isArray())
        return QJsonObject{{QStringLiteral("items"), doc.array()}};
    return doc.object();
}

} // namespace syncsmart::testing
