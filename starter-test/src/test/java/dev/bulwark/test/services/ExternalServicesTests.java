package dev.bulwark.test.services;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.core.Queue;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit on this machine's real services: the application reaches each one through Boot's connection details, in a
 * database, virtual host and prefixes of this class's own.
 */
@SpringBootTest(classes = ExternalServicesTests.Application.class)
@ExternalServices({ ExternalService.POSTGRESQL, ExternalService.REDIS, ExternalService.RABBITMQ, ExternalService.NATS })
class ExternalServicesTests {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	CachingConnectionFactory rabbitConnections;

	@Value("${bulwark.test.postgresql.database}")
	String database;

	@Value("${bulwark.test.redis.key-prefix}")
	String keyPrefix;

	@Value("${bulwark.test.rabbitmq.virtual-host}")
	String virtualHost;

	@Value("${bulwark.messaging.outbox.nats-subject-prefix}")
	String natsSubjects;

	@Test
	void theApplicationWorksInADatabaseOfThisClassesOwn() {
		assertThat(this.database).startsWith("bulwark_externalservicestests_");
		assertThat(this.jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(this.database);
		this.jdbc.execute("CREATE TABLE parcel (id int PRIMARY KEY)");
		this.jdbc.update("INSERT INTO parcel VALUES (1)");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM parcel", Integer.class)).isOne();
	}

	@Test
	void redisKeysGoUnderThisClassesPrefix() {
		assertThat(this.keyPrefix).startsWith("bulwark_externalservicestests_").endsWith(":");
		this.redis.opsForValue().set(this.keyPrefix + "greeting", "hello");
		assertThat(this.redis.opsForValue().get(this.keyPrefix + "greeting")).isEqualTo("hello");
		this.redis.delete(this.keyPrefix + "greeting");
	}

	@Test
	void rabbitMessagesTravelInAVirtualHostOfThisClassesOwn() {
		assertThat(this.rabbitConnections.getVirtualHost()).isEqualTo(this.virtualHost);
		new RabbitAdmin(this.rabbit).declareQueue(new Queue("parcels", false, false, true));
		this.rabbit.convertAndSend("parcels", "parcel-1");
		assertThat(this.rabbit.receiveAndConvert("parcels", 5_000)).isEqualTo("parcel-1");
	}

	@Test
	void natsSettingsGetThisClassesSubjects() {
		assertThat(List.of(this.natsSubjects)).singleElement().asString().startsWith("bulwark-externalservicestests-");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
