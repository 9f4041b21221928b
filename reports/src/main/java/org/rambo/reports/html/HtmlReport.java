package org.rambo.reports.html;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.StringWriter;
import java.nio.file.Path;
import org.rambo.runfolder.AtomicWriter;

/** Renders the view model through the Mustache template into one self-contained HTML file. */
public final class HtmlReport {

    static final String TEMPLATE = "org/rambo/reports/report.mustache";

    private HtmlReport() {}

    public static String render(View.Report report) {
        // Template from the classpath; {{ }} escapes HTML, only the SVG goes in unescaped ({{{ }}}).
        MustacheFactory mf = new DefaultMustacheFactory();
        Mustache m = mf.compile(TEMPLATE);
        StringWriter out = new StringWriter();
        m.execute(out, report);
        return out.toString();
    }

    public static void write(Path target, View.Report report) {
        String html = render(report);
        AtomicWriter.writeString(target, html);
    }
}
