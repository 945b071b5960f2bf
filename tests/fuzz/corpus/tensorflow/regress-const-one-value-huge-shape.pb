
4
bigConst*
valueB	€€€€P*
dtype0	

outIdentitybig