#!/usr/bin/perl
# Small GeoLite2-shaped fixtures: mkmmdb.pl DIR writes GeoLite2-Country.mmdb,
# GeoLite2-ASN.mmdb and GeoLite2-City.mmdb for a few documentation-free
# test networks (IPv4 and IPv6). Written by the tests, never committed.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: mkmmdb.pl DIR [NET=CC ...]\n";
my %nets = (
	'8.8.8.0/24'      => [ 'US', 15169, 'GOOGLE', 'Mountain View' ],
	'8.8.4.0/24'      => [ 'US', 15169, 'GOOGLE', 'Mountain View' ],
	'9.9.9.0/24'      => [ 'CH', 19281, 'QUAD9-AS-1', 'Zurich' ],
	'45.90.28.0/22'   => [ 'DE', 34939, 'NextDNS', 'Frankfurt am Main' ],
	'93.184.216.0/24' => [ 'GB', 15133, 'EDGECAST', 'London' ],
	'2001:4860::/32'  => [ 'US', 15169, 'GOOGLE', 'Mountain View' ],
	'2620:fe::/48'    => [ 'CH', 19281, 'QUAD9-AS-1', 'Zurich' ],
);
# NET=CC arguments change a network's country (the reload test).
for (@ARGV) {
	my ($net, $cc) = split /=/;
	$nets{$net}[0] = $cc;
}
my %types = (
	country => 'map', iso_code => 'utf8_string', names => 'map', en => 'utf8_string',
	autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
	city => 'map',
);
for my $kind (qw(Country ASN City)) {
	my $t = MaxMind::DB::Writer::Tree->new(
		ip_version => 6, record_size => 28, database_type => "GeoLite2-$kind",
		languages => ['en'], description => { en => "flowmeter test $kind" },
		map_key_type_callback => sub { $types{ $_[0] } },
	);
	for my $net (sort keys %nets) {
		my ($cc, $asn, $org, $city) = @{ $nets{$net} };
		my $rec = $kind eq 'ASN' ?
			{ autonomous_system_number => $asn, autonomous_system_organization => $org } :
			{ country => { iso_code => $cc, names => { en => $cc } } };
		$rec->{city} = { names => { en => $city } } if $kind eq 'City';
		$t->insert_network($net, $rec);
	}
	# Written beside and renamed, as geoipupdate does: readers see old or new.
	open my $fh, '>:raw', "$dir/.GeoLite2-$kind.mmdb.tmp" or die "$dir: $!\n";
	$t->write_tree($fh);
	close $fh;
	rename "$dir/.GeoLite2-$kind.mmdb.tmp", "$dir/GeoLite2-$kind.mmdb" or die "$dir: $!\n";
}
