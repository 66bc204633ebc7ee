package dev.bulwark.sample.orders;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

interface OrderRepository extends ListCrudRepository<PurchaseOrder, Long>, PagingAndSortingRepository<PurchaseOrder, Long> {

	Page<PurchaseOrder> findByCustomerId(String customerId, Pageable pageable);

}
