#pragma once

#include <QStringList>
#include <QTextStream>

namespace syncsmart {

// Parses the command line (arguments[0] is the program), runs the command and returns the exit
// status: 0 success, 1 the command failed, 2 bad arguments. Results go to out, diagnostics to err.
int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err);

} // namespace syncsmart
