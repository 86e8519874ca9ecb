package dev.meshplane.pipeline;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL query over JDBC, streamed through a server-side cursor ({@code fetchSize} rows at a time, autocommit off, as
 * the PostgreSQL driver needs), with every {@code :last_run} bound to the product's watermark.
 */
public final class JdbcSource implements RowSource {

    private static final Pattern LAST_RUN = Pattern.compile(":last_run\\b");

    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final List<String> columns = new ArrayList<>();
    private long row;

    private JdbcSource(Connection connection, PreparedStatement statement, ResultSet rows) throws SQLException {
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        ResultSetMetaData meta = rows.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Connects and runs the query. {@code url} is the resolved connection: a JDBC URL, or a {@code postgres://} or
     * {@code postgresql://user:password@host:port/db} URI. Errors never repeat it.
     */
    public static JdbcSource open(String url, String query, Instant lastRun, int fetchSize) {
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl(url));
        } catch (SQLException e) {
            String message = "could not connect to the source database: " + e.getMessage()
                    + " (check the connection's host, database, user and password)";
            throw PipelineException.isTransient(e)
                    ? PipelineException.retryable(message, null)
                    : new PipelineException(message);
        }
        try {
            c.setAutoCommit(false); // the PostgreSQL driver streams with a cursor only inside a transaction
            c.setReadOnly(true);
            Matcher m = LAST_RUN.matcher(query);
            int params = 0;
            while (m.find()) {
                params++;
            }
            PreparedStatement s =
                    c.prepareStatement(m.replaceAll("?"), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            s.setFetchSize(fetchSize);
            for (int i = 1; i <= params; i++) {
                s.setTimestamp(i, Timestamp.from(lastRun));
            }
            return new JdbcSource(c, s, s.executeQuery());
        } catch (SQLException e) {
            closeQuietly(c);
            String message = "the source query failed: " + e.getMessage();
            throw PipelineException.isTransient(e)
                    ? PipelineException.retryable(message, null)
                    : new PipelineException(message);
        }
    }

    static String jdbcUrl(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            URI u = URI.create(url);
            StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(u.getHost());
            if (u.getPort() > 0) {
                jdbc.append(':').append(u.getPort());
            }
            jdbc.append(u.getRawPath() == null ? "/" : u.getRawPath());
            List<String> params = new ArrayList<>();
            if (u.getRawUserInfo() != null) {
                String[] user = u.getRawUserInfo().split(":", 2);
                params.add("user=" + user[0]);
                if (user.length > 1) {
                    params.add("password=" + user[1]);
                }
            }
            if (u.getRawQuery() != null) {
                params.add(u.getRawQuery());
            }
            if (!params.isEmpty()) {
                jdbc.append('?').append(String.join("&", params));
            }
            return jdbc.toString();
        }
        throw new PipelineException("the source connection is neither a JDBC URL (jdbc:postgresql://host/db?user=...)"
                + " nor a postgres:// URI");
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public boolean next() throws SQLException {
        boolean more = rows.next();
        if (more) {
            row++;
        }
        return more;
    }

    @Override
    public Object value(int i) throws SQLException {
        return rows.getObject(i + 1);
    }

    @Override
    public String position() {
        return "row " + row;
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            // closing a read-only cursor: nothing to lose
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.rollback();
            c.close();
        } catch (SQLException e) {
            // read-only: nothing to lose
        }
    }
}
