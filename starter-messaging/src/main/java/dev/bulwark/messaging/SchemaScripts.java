package dev.bulwark.messaging;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * Runs the starter's table scripts for the database in use: {@code <prefix>postgresql.sql},
 * {@code <prefix>mysql.sql} (MySQL and MariaDB) or {@code <prefix>h2.sql}.
 */
public final class SchemaScripts {

	private SchemaScripts() {
	}

	/**
	 * @param dataSource the database
	 * @param prefix the scripts' class path location up to the database name, such as
	 * {@code dev/bulwark/messaging/outbox/schema-}
	 */
	public static void run(DataSource dataSource, String prefix) {
		String platform;
		try {
			String url = JdbcUtils.extractDatabaseMetaData(dataSource, (metadata) -> metadata.getURL());
			platform = switch (DatabaseDriver.fromJdbcUrl(url)) {
				case POSTGRESQL -> "postgresql";
				case MYSQL, MARIADB -> "mysql";
				case H2 -> "h2";
				default -> null;
			};
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not tell which database to create " + prefix + "* in", ex);
		}
		if (platform == null) {
			throw new IllegalStateException("Bulwark has no " + prefix + "*.sql for this database (it has them for "
					+ "PostgreSQL, MySQL/MariaDB and H2): create the tables in your migrations from the closest one, "
					+ "and switch initialize-schema off");
		}
		DatabasePopulatorUtils
			.execute(new ResourceDatabasePopulator(new ClassPathResource(prefix + platform + ".sql")), dataSource);
	}

}
