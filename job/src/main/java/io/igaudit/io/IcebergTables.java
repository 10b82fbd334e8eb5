package io.igaudit.io;

import io.igaudit.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkCatalog;
import org.apache.iceberg.spark.SparkSessionCatalog;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Iceberg tables of the session's catalogs: the embedded catalog of {@code output.warehouse}, names
 * made whole with their catalog, and a name's Iceberg table.
 */
public final class IcebergTables {

    /** The name under which output.warehouse's catalog is registered. */
    public static final String EMBEDDED_CATALOG = "ig_audit";

    private static final String CATALOG_KEY = "spark.sql.catalog." + EMBEDDED_CATALOG;
    private static final String DEFAULT_CATALOG_KEY = "spark.sql.defaultCatalog";

    private IcebergTables() {}

    /**
     * Registers an Iceberg Hadoop catalog in the folder as {@value #EMBEDDED_CATALOG}, and makes it
     * the session's default catalog unless the Spark settings name one.
     *
     * @throws ConfigException when the Spark settings configure {@value #EMBEDDED_CATALOG} with another warehouse
     */
    public static void useWarehouse(SparkSession spark, String warehouse) {
        String location;
        try {
            Path path = new Path(warehouse);
            location = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(path).toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("output.warehouse " + warehouse + " cannot be reached: " + Messages.firstLine(e), e);
        }
        if (spark.conf().contains(CATALOG_KEY)) {
            String configured = spark.conf().get(CATALOG_KEY + ".warehouse", "");
            if (!configured.equals(location)) {
                throw new ConfigException("output.warehouse " + warehouse + " names catalog " + EMBEDDED_CATALOG + ", which the "
                        + "spark settings configure already (" + CATALOG_KEY + ", warehouse " + configured + "); remove one of them");
            }
            return;
        }
        spark.conf().set(CATALOG_KEY, SparkCatalog.class.getName());
        spark.conf().set(CATALOG_KEY + ".type", "hadoop");
        spark.conf().set(CATALOG_KEY + ".warehouse", location);
        if (!spark.conf().contains(DEFAULT_CATALOG_KEY)) {
            spark.conf().set(DEFAULT_CATALOG_KEY, EMBEDDED_CATALOG);
        }
    }

    /**
     * The parts of a table name with its catalog first, as Spark resolves it: a first part that
     * names a catalog is one; otherwise the session's current catalog, and for a bare name its
     * current namespace.
     */
    public static List<String> qualified(SparkSession spark, String name) {
        return active(spark, () -> qualifiedInSession(spark, name));
    }

    private static List<String> qualifiedInSession(SparkSession spark, String name) {
        List<String> parts;
        try {
            parts = new ArrayList<>(CollectionConverters.asJava(spark.sessionState().sqlParser().parseMultipartIdentifier(name)));
        } catch (Exception e) { // ParseException
            throw new ConfigException("'" + name + "' is not a table name: give [catalog.]namespace.table", e);
        }
        CatalogManager catalogs = spark.sessionState().catalogManager();
        if (parts.size() >= 2 && catalogs.isCatalogRegistered(parts.get(0))) {
            return List.copyOf(parts);
        }
        if (parts.size() == 1) {
            parts.addAll(0, Arrays.asList(catalogs.currentNamespace()));
        }
        parts.add(0, catalogs.currentCatalog().name());
        return List.copyOf(parts);
    }

    /** Whether the catalog holds Iceberg tables (Iceberg's catalog, or its wrapper of Spark's session catalog). */
    public static boolean isIcebergCatalog(SparkSession spark, String catalog) {
        CatalogPlugin plugin = active(spark, () -> spark.sessionState().catalogManager().catalog(catalog));
        return plugin instanceof SparkCatalog || plugin instanceof SparkSessionCatalog<?>;
    }

    /**
     * Runs the work with the session active on this thread, as Spark runs its own statements:
     * the catalogs read the active session's settings.
     */
    static <T> T active(SparkSession spark, Supplier<T> work) {
        Optional<SparkSession> before = Optional.ofNullable(SparkSession.getActiveSession().getOrElse(() -> null));
        SparkSession.setActiveSession(spark);
        try {
            return work.get();
        } finally {
            before.ifPresentOrElse(SparkSession::setActiveSession, SparkSession::clearActiveSession);
        }
    }

    /** The Iceberg table of a whole name, or empty when it does not exist. */
    public static Optional<Table> load(SparkSession spark, List<String> qualified) {
        return active(spark, () -> loadInSession(spark, qualified));
    }

    private static Optional<Table> loadInSession(SparkSession spark, List<String> qualified) {
        if (!spark.catalog().tableExists(String.join(".", quoted(qualified)))) {
            return Optional.empty();
        }
        try {
            Table table = Spark3Util.loadIcebergTable(spark, String.join(".", quoted(qualified)));
            table.refresh(); // the catalog may have cached it before another writer's commit
            return Optional.of(table);
        } catch (Exception e) { // ParseException and NoSuchTableException are checked but thrown undeclared
            throw new ConfigException(String.join(".", qualified) + " could not be opened as an Iceberg table: "
                    + Messages.withoutSparkCodes(e), e);
        }
    }

    /** The parts in backquotes, as Spark's parser takes any name. */
    public static List<String> quoted(List<String> parts) {
        return parts.stream().map(part -> "`" + part.replace("`", "``") + "`").toList();
    }
}
