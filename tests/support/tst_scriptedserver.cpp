// SPDX-License-Identifier: GPL-3.0-or-later
// The scripted server checked from the wire: a raw QTcpSocket reads exactly what it sends.
#include "tst_scriptedserver.h"

void TestScriptedServer::init()
{
    m_server = std::make_unique<ScriptedServer>();
    QVERIFY(m_server->listen());
    QVERIFY(m_server->port() != 0);
}

void TestScriptedServer::cleanup()
{
    m_server.reset();
}

QTEST_GUILESS_MAIN(TestScriptedServer)
