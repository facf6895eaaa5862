// SPDX-License-Identifier: GPL-3.0-or-later
// TestMarkdownBlocks, continued: what the rendered HTML never contains, and safe links.
#include "tst_markdownblocks.h"

void TestMarkdownBlocks::staysSafe_data()
{
    QTest::addColumn<QString>("markdown");
    QTest::addColumn<QString>("mustContain");

    QTest::newRow("remote image") << u"![logo](http://evil.example/x.png)"_s << u"logo"_s;
    QTest::newRow("image with a title")
        << u"See ![chart](https://evil.example/c.svg \"t\") here"_s << u"chart"_s;
    QTest::newRow("image, no alt text") << u"![](https://evil.example/pixel.gif)"_s << QString();
    QTest::newRow("reference image") << u"![a][r]\n\n[r]: http://evil.example/r.png"_s << QString();
    QTest::newRow("image in a link") << u"[![badge](http://evil.example/b.svg)](https://example.com)"_s
                                     << u"href=\"https://example.com\""_s;
    QTest::newRow("local image") << u"![passwd](file:///etc/passwd)"_s << u"passwd"_s;
    QTest::newRow("raw img tag") << u"<img src=x onerror=alert(1)>"_s << u"&lt;img"_s;
    QTest::newRow("raw img tag in a paragraph")
        << u"hi <img src=\"http://evil.example/t.png\"> there"_s << u"&lt;img"_s;
    QTest::newRow("script") << u"<script>alert(1)</script>"_s << u"&lt;script&gt;"_s;
    QTest::newRow("html block")
        << u"<div onclick=\"x()\">\n<iframe src=\"http://evil.example\"></iframe>\n</div>"_s
        << u"&lt;iframe"_s;
    QTest::newRow("style") << u"<style>body{background:url(http://evil.example/b)}</style>"_s
                           << u"&lt;style"_s;
    QTest::newRow("javascript link") << u"[run](javascript:alert(1))"_s << u"run"_s;
    QTest::newRow("file link") << u"[open](file:///usr/bin/xterm)"_s << u"open"_s;
    QTest::newRow("data link") << u"[d](data:text/html,<script>alert(1)</script>)"_s << QString();
    QTest::newRow("https link kept") << u"[docs](https://doc.qt.io/)"_s
                                     << u"<a href=\"https://doc.qt.io/\""_s;
    QTest::newRow("mailto link kept")
        << u"[mail](mailto:a@example.com)"_s << u"<a href=\"mailto:a@example.com\""_s;
    QTest::newRow("autolink kept") << u"<https://example.com/a>"_s << u"<a href=\"https://example.com/a\""_s;
    QTest::newRow("www autolink") << u"see www.example.com now"_s << u"href=\"http://www.example.com\""_s;
    // A mail link opens a new mail to its address, never one with a file attached or a body.
    QTest::newRow("mailto attach") << u"[mail](mailto:a@example.com?attach=/home/u/.ssh/id_rsa)"_s
                                   << u"href=\"mailto:a@example.com\""_s;
    QTest::newRow("mailto body and cc") << u"[mail](mailto:a@example.com?cc=b@evil.example&body=hello)"_s
                                        << u"href=\"mailto:a@example.com\""_s;
    QTest::newRow("mailto autolink with a query")
        << u"<mailto:a@example.com?attach=x>"_s << u"href=\"mailto:a@example.com\""_s;
    QTest::newRow("mailto encoded query")
        << u"[mail](mailto:a@example.com%3Fattach=x)"_s << u"href=\"mailto:a@example.com\""_s;
    QTest::newRow("mailto image link")
        << u"![x](mailto:a@example.com?attach=y)"_s << u"href=\"mailto:a@example.com\""_s;
}

void TestMarkdownBlocks::staysSafe()
{
    QFETCH(QString, markdown);
    QFETCH(QString, mustContain);
    const QString out = html(markdown);
    const auto fail = [&](const QString &what) {
        return (what + u" in "_s + out).toUtf8();
    };
    // Markdown's own HTML comes out as text (its < escaped), so any tag here is Qt's.
    for (const QString &tag : {u"<img"_s, u"<script"_s, u"<iframe"_s, u"<object"_s, u"<embed"_s, u"<link"_s,
                               u"<svg"_s, u"<div"_s, u"<style>"_s})
        QVERIFY2(!out.contains(tag, Qt::CaseInsensitive), fail(tag).constData());
    const QRegularExpression tags(u"<[^>]*>"_s);
    // A mailto: href is an address only: no query, no fragment.
    const QRegularExpression safeHref(u"href=\"(https?:[^\"]*|mailto:[^\"?#&]*)\""_s);
    for (const QRegularExpressionMatch &tag : tags.globalMatch(out)) {
        QString attributes = tag.captured();
        attributes.remove(safeHref);
        // No address but a link's, which a click opens in the browser; no loading, no scripts.
        for (const QString &forbidden :
             {u"://"_s, u"href"_s, u"src="_s, u"url("_s, u"onerror"_s, u"onclick"_s, u"javascript:"_s})
            QVERIFY2(!attributes.contains(forbidden, Qt::CaseInsensitive), fail(tag.captured()).constData());
    }
    QVERIFY2(out.contains(mustContain), fail(mustContain).constData());
}

void TestMarkdownBlocks::safeHref()
{
    QCOMPARE(MarkdownRenderer::safeHref(u"https://a.example/x?y#z"_s), u"https://a.example/x?y#z"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"HTTP://A.EXAMPLE"_s), u"HTTP://A.EXAMPLE"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"www.example.com"_s), u"http://www.example.com"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"javascript:alert(1)"_s), QString());
    QCOMPARE(MarkdownRenderer::safeHref(u"file:///etc/passwd"_s), QString());
    QCOMPARE(MarkdownRenderer::safeHref(u"/usr/bin/xterm"_s), QString());
    QCOMPARE(MarkdownRenderer::safeHref(u"#anchor"_s), QString());
    QCOMPARE(MarkdownRenderer::safeHref(u"smb://host/share"_s), QString());
    QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com"_s), u"mailto:a@example.com"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com?attach=/etc/passwd"_s),
             u"mailto:a@example.com"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"MAILTO:a@example.com?body=x#y"_s), u"mailto:a@example.com"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"mailto:a@example.com%3Fattach=x"_s), u"mailto:a@example.com"_s);
    QCOMPARE(MarkdownRenderer::safeHref(u"mailto:?to=a@example.com&attach=x"_s), QString());
}
