package extract

import "strings"

// Common given names, with the gender they usually mark. They tell a person
// ("Matt Collins") from an organisation ("Crown Prosecution Service") when
// the article gives no other clue, and let "she" skip past "Matt Collins".
// The list is a clue, never a requirement: unknown names still count as
// people when a title or a reporting verb says so.
var maleNames = strings.Fields(`aaron adam adrian ahmed alan alastair albert alec alex alexander alexei alfie alfred ali
alistair andrew andy angus anthony antony archie arthur ashley barack barry ben benjamin bernard bernie bill billy bob
boris brad bradley brandon brendan brian bruce callum calvin cameron carl carlos charles charlie chris christian
christopher chuck clive colin connor craig dale damian dan daniel danny darren dave david dean declan dennis derek
des desmond dick dmitry dominic don donald doug douglas duncan dylan ed eddie edward elon emmanuel eric ethan evan
frank fraser fred freddie frederick gareth gary gavin geoff geoffrey george gerald gerry gordon graham grant greg
gregory guy hamish harry harvey hector henry hugh hunter iain ian isaac ivan jack jacob jake james jamie jared jason
javier jay jeff jeffrey jeremy jerome jim jimmy joe joel joey john johnny jon jonathan jordan jose joseph josh joshua
juan julian justin kamal karl keir keith ken kenneth kevin kieran kim kirk kwasi kyle lachlan lee leo leon leonard
lewis liam lloyd louis luca lucas luke magnus malcolm marco marcus mark martin matt matthew max michael mick mike miles
mohamed mohammed muhammad nadhim naftali nathan neil nicholas nick nigel noah norman oliver ollie omar oscar owen
paddy patrick paul pete peter phil philip piers priti rafael ralph ray raymond reece rhys richard rick rishi rob
robert robin rod roger ron ronald rory ross roy rupert russell ryan sadiq sajid sam samuel scott sean sebastian
sergei seth shane shaun simon stanley stephen steve steven stewart stuart ted terry theo thomas tim timothy tobias
tobias todd tom tommy tony travis trevor tristram tyler victor vince vincent vladimir volodymyr walter wayne wes
wesley will william xi yvan zac zach zachary zak yuri olaf recep narendra benjamin ehud bibi mahmoud ismail hassan
hussein abdul abdullah akbar ravi raj rahul sunil vijay amit arjun wang li zhang chen liu ming jin hiroshi takeshi
kenji shinzo fumio yoshihide kwame kofi nelson jacob cyril bola olusegun goodluck uhuru william jair luiz lula
andres javier emmanuel francois nicolas jacques jean pierre michel olaf friedrich helmut giorgio mario
matteo giuseppe silvio pedro pablo santiago jordi alberto enrique`)

var femaleNames = strings.Fields(`abigail ada alice alison amanda amber amelia amy andrea angela angie ann anna anne
anneliese annie antonia bella beth betty bridget caitlin camilla carla carol caroline catherine charlotte chloe
christina christine claire clare daisy dawn debbie deborah diana diane donna dora eleanor elena elise eliza elizabeth
ella ellen ellie emily emma erin esther eva eve fiona florence frances gemma georgia gillian grace hannah harriet
hazel heather helen holly imogen isabel isabella jackie jacqueline jane janet jasmine jean jennifer jenny jess
jessica jill jo joan joanna jodie josephine joy judith judy julia julie karen kate katherine kathleen kathryn katie
kay kelly kemi kim kirsty laura lauren leah lesley linda lisa liz lizzie lorraine louise lucy lydia lynn maggie
margaret maria marie marion martha mary maya megan melanie mhairi michelle miriam molly nadia nadine naomi natalie
natasha nicola nicole nina olivia pamela patricia paula pauline penny philippa priti rachel rachael rebecca rishi_
rose rosie ruth sally samantha sandra sara sarah shabana sharon sheila shirley sophie stella stephanie sue susan
suella suzanne tamsin tanya teresa theresa tina tracey tracy ursula valerie vanessa victoria wendy yvette yvonne zoe
zara kamala hillary nancy ilhan alexandria jacinda sanna giorgia marine ursula christine nicola ruth humza_ angela
keir_ yulia svetlana olga irina tatiana mei ling yan xiaoming_ aung_ sanae`)

var firstNameGender = func() *wtab {
	m := make(map[string]byte, len(maleNames)+len(femaleNames))
	for _, n := range maleNames {
		m[n] = 'm'
	}
	for _, n := range femaleNames {
		if strings.HasSuffix(n, "_") {
			continue
		}
		if g, ok := m[n]; ok && g != 'f' {
			m[n] = 'u' // used for both
			continue
		}
		m[n] = 'f'
	}
	t := &wtab{}
	for n, g := range m {
		t.add(n, uint32(g))
	}
	return t
}()
